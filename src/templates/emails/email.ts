/** A default email: its templates, the variables they use and sample data to preview them with. */
export interface DefaultEmail {
  /** When it goes out, and to whom. */
  description: string;
  subject: string;
  /** Rendered inside `DEFAULT_EMAIL_LAYOUT`, which places it with `{{> @body}}`. */
  html: string;
  text: string;
  /** The variables its templates use besides `COMMON_EMAIL_VARIABLES`: path → what it holds. */
  variables: Readonly<Record<string, string>>;
  /** Data for a preview: a value for each of its variables (the common ones come from `COMMON_EMAIL_SAMPLE`). */
  sample: Readonly<Record<string, unknown>>;
}

/** The variables every email has: the site it comes from and the person it goes to. */
export const COMMON_EMAIL_VARIABLES: Readonly<Record<string, string>> = Object.freeze({
  'site.name': 'the site’s name',
  'site.url': 'the site’s address',
  'recipient.email': 'the address the email goes to',
  'recipient.name': 'the recipient’s name, when their account has one',
});

export const COMMON_EMAIL_SAMPLE = Object.freeze({
  site: { name: 'Edge CMS', url: 'https://cms.example.com' },
  recipient: { email: 'ann@example.com', name: 'Ann Lee' },
});

/**
 * The layout of every default HTML part: one centred column with inline styles, which is what email clients
 * render alike. The page goes where `{{> @body}}` is.
 */
export const DEFAULT_EMAIL_LAYOUT = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{site.name}}</title>
</head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:-apple-system,'Segoe UI',Roboto,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"
  style="max-width:560px;background:#ffffff;border-radius:8px;color:#18181b;font-size:16px;line-height:1.5">
<tr><td style="padding:32px">
{{> @body}}
</td></tr>
</table>
<p style="color:#71717a;font-size:12px;margin:16px 0 0">
  Sent by <a href="{{site.url}}" style="color:#71717a">{{site.name}}</a> to {{recipient.email}}.
</p>
</td></tr>
</table>
</body>
</html>
`;

/** A call-to-action link styled as a button, for the default emails' HTML parts. */
export const button = (url: string, label: string) =>
  `<p style="margin:24px 0"><a href="{{${url}}}" style="background:#2563eb;color:#ffffff;padding:12px 20px;` +
  `border-radius:6px;text-decoration:none;display:inline-block">${label}</a></p>`;
