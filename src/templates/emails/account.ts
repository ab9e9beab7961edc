import { button, type DefaultEmail } from './email';

const greeting = '<p>Hello{{#if recipient.name}} {{recipient.name}}{{/if}},</p>';
const textGreeting = 'Hello{{#if recipient.name}} {{recipient.name}}{{/if}},';

export const passwordReset: DefaultEmail = {
  description: 'To an account that asked to reset its password: the one-time link, valid for a limited time.',
  subject: 'Reset your password for {{site.name}}',
  html: `${greeting}
<p>Someone, probably you, asked to reset the password of your {{site.name}} account. Choose a new one here:</p>
${button('resetUrl', 'Choose a new password')}
<p>The link works once, for {{expiresInMinutes}} minutes. If you did not ask for it, ignore this email: your
password stays as it is.</p>
`,
  text: `${textGreeting}

Someone, probably you, asked to reset the password of your {{site.name}} account. Choose a new one here:

{{resetUrl}}

The link works once, for {{expiresInMinutes}} minutes. If you did not ask for it, ignore this email: your password
stays as it is.
`,
  variables: {
    resetUrl: 'the page where the recipient chooses a new password, with the token',
    token: 'the one-time token alone, for sites whose reset page asks for it',
    expiresInMinutes: 'how long the link works (`auth.resetTokenMinutes`)',
  },
  sample: {
    resetUrl: 'https://cms.example.com/reset-password?token=pr_sample',
    token: 'pr_sample',
    expiresInMinutes: 30,
  },
};

export const invitation: DefaultEmail = {
  description: 'To the address an admin invited: the invite code and where to register with it.',
  subject: '{{inviter.name}} invited you to {{site.name}}',
  html: `<p>Hello,</p>
<p>{{inviter.name}} invited you to join {{site.name}} as {{role}}.</p>
${button('registerUrl', 'Accept the invitation')}
<p>Or register with this invite code: <code>{{inviteCode}}</code>. It works once, for {{expiresInDays}} days.</p>
`,
  text: `Hello,

{{inviter.name}} invited you to join {{site.name}} as {{role}}. Accept the invitation here:

{{registerUrl}}

Or register with this invite code: {{inviteCode}}. It works once, for {{expiresInDays}} days.
`,
  variables: {
    'inviter.name': 'the name (or, without one, the email) of the admin who invited',
    role: 'the role the new account gets',
    registerUrl: 'the registration page, with the invite code in it',
    inviteCode: 'the invite code alone',
    expiresInDays: 'how long the code works (`auth.inviteDays`)',
  },
  sample: {
    inviter: { name: 'Sam Admin' },
    role: 'editor',
    registerUrl: 'https://cms.example.com/register?invite=inv_sample',
    inviteCode: 'inv_sample',
    expiresInDays: 7,
  },
};

export const welcome: DefaultEmail = {
  description: 'To a new account, once it is created.',
  subject: 'Welcome to {{site.name}}',
  html: `${greeting}
<p>Your {{site.name}} account is ready{{#if role}}, with the role {{role}}{{/if}}. You sign in with this email
address.</p>
${button('loginUrl', 'Sign in')}
`,
  text: `${textGreeting}

Your {{site.name}} account is ready{{#if role}}, with the role {{role}}{{/if}}. You sign in with this email
address:

{{loginUrl}}
`,
  variables: {
    role: 'the account’s role',
    loginUrl: 'the sign-in page',
  },
  sample: { role: 'author', loginUrl: 'https://cms.example.com/login' },
};
