import { describe, expect, it } from 'vitest';
import { checkTemplate } from '../src/templates/check';
import { compileTemplate, renderTemplate } from '../src/templates/compile';
import { htmlToText } from '../src/templates/html-to-text';
import { renderMessage } from '../src/templates/message';

/** The error a call throws, for its message and extensions. */
function thrown(run: () => unknown): { message: string; extensions: Record<string, any> } {
  try {
    run();
  } catch (error) {
    return error as { message: string; extensions: Record<string, any> };
  }
  throw new Error('expected an error');
}

describe('variables', () => {
  it('escapes what it prints: a <script> in data comes out as text', () => {
    const html = renderTemplate('<p title="{{title}}">{{body}}</p>', {
      title: '" onmouseover="alert(1)',
      body: '<script>alert("x")</script>',
    });
    expect(html).toBe(
      '<p title="&quot; onmouseover&#x3D;&quot;alert(1)">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>',
    );
    expect(renderTemplate('{{x}}', { x: `&<>"'\`=` })).toBe('&amp;&lt;&gt;&quot;&#x27;&#x60;&#x3D;');
  });

  it('prints trusted HTML as it is with three braces', () => {
    expect(renderTemplate('<div>{{{html}}}</div>', { html: '<b>bold</b>' })).toBe('<div><b>bold</b></div>');
  });

  it('prints numbers, booleans and dates sensibly, and null, undefined or NaN as nothing', () => {
    const data = { n: 1.5, z: -0, t: true, f: false, d: new Date(Date.UTC(2026, 0, 2)), u: null, nan: Number.NaN };
    expect(renderTemplate('{{n}}|{{z}}|{{t}}|{{f}}|{{d}}|{{u}}|{{missing}}|{{nan}}|', data)).toBe(
      '1.5|0|true|false|2026-01-02T00:00:00.000Z||||',
    );
  });

  it('refuses to print an object or a list instead of writing [object Object]', () => {
    for (const value of [{ a: 1 }, [1, 2]]) {
      const error = thrown(() => renderTemplate('Hello\n  {{user}}', { user: value }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TEMPLATE_RENDER', line: 2, column: 3 });
      expect(error.message).toContain('{{user}}');
    }
  });

  it('follows nested paths, this and @root', () => {
    const data = { site: { name: 'Edge', owner: { email: 'o@x.test' } }, list: ['a'] };
    expect(renderTemplate('{{site.name}} {{site.owner.email}} {{this.site.name}} {{list.0}}', data)).toBe(
      'Edge o@x.test Edge a',
    );
    expect(renderTemplate('{{#with site}}{{name}}/{{@root.list.0}}/{{../list.0}}{{/with}}', data)).toBe('Edge/a/a');
    expect(renderTemplate('{{#each list}}{{this}}{{.}}{{/each}}', data)).toBe('aa');
  });

  it('never reaches a prototype: only own data properties are read', () => {
    const template = '[{{constructor}}][{{__proto__}}][{{a.constructor.name}}][{{a.toString}}][{{s.length}}]';
    expect(renderTemplate(template, { a: {}, s: 'abc' })).toBe('[][][][][]');
    expect(renderTemplate('{{#each a}}{{@key}}{{/each}}{{#if a.hasOwnProperty}}yes{{/if}}', { a: {} })).toBe('');
    // A getter is not run: data is read, never executed.
    let ran = false;
    const secret = () => {
      ran = true;
      return 'x';
    };
    const data = Object.defineProperty({}, 'secret', { get: secret, enumerable: true });
    expect(renderTemplate('{{secret}}', data)).toBe('');
    expect(ran).toBe(false);
    // A JSON "__proto__" key is data like any other, and sets no prototype.
    expect(renderTemplate('{{__proto__.x}}|{{polluted}}', JSON.parse('{"__proto__":{"x":"own"}}'))).toBe('own|');
  });

  it('leaves \\{{ as text, and drops comments of both kinds', () => {
    expect(renderTemplate('\\{{name}} {{! a note }}{{!-- a }} note --}}{{name}}', { name: 'Ann' })).toBe(
      '{{name}} Ann',
    );
  });
});

describe('blocks', () => {
  it('#if, {{else}}, {{else if}} and #unless, with empty lists false', () => {
    const template = '{{#if a}}A{{else if b}}B{{else}}C{{/if}}{{#unless a}}!{{/unless}}';
    expect(renderTemplate(template, { a: 1 })).toBe('A');
    expect(renderTemplate(template, { b: 'x' })).toBe('B!');
    expect(renderTemplate(template, { a: [], b: 0 })).toBe('C!');
    expect(renderTemplate('{{#if o}}yes{{/if}}{{#if e}}no{{/if}}{{#if z}}no{{/if}}', { o: {}, e: '', z: 0 })).toBe(
      'yes',
    );
  });

  it('#each over a list with @index, @first and @last, and its {{else}} when empty', () => {
    const template = '{{#each items}}{{#if @first}}[{{/if}}{{@index}}:{{name}}{{#unless @last}},{{/unless}}'.concat(
      '{{#if @last}}]{{/if}}{{else}}none{{/each}}',
    );
    expect(renderTemplate(template, { items: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] })).toBe('[0:a,1:b,2:c]');
    expect(renderTemplate(template, { items: [] })).toBe('none');
    expect(renderTemplate(template, { items: 'not a list' })).toBe('none');
    expect(renderTemplate(template, {})).toBe('none');
  });

  it('{{else unless}} continues a chain too', () => {
    const template = '{{#if a}}A{{else unless b}}not b{{else}}b{{/if}}';
    expect([{ a: 1 }, {}, { b: 1 }].map((data) => renderTemplate(template, data))).toEqual(['A', 'not b', 'b']);
  });

  it('#each over an object with @key, own keys only', () => {
    expect(renderTemplate('{{#each list}}{{@key}}{{/each}}', { list: ['a', 'b'] })).toBe('01');
    const data = { counts: Object.assign(Object.create({ inherited: 1 }), { drafts: 2, published: 5 }) };
    expect(renderTemplate('{{#each counts}}{{@key}}={{this}};{{/each}}', data)).toBe('drafts=2;published=5;');
  });

  it('nested loops: @index, @../index and ../ reach the outer loop', () => {
    const template = '{{#each rows}}{{#each cells}}{{@../index}}.{{@index}}={{this}}({{../label}}) {{/each}}{{/each}}';
    const data = {
      rows: [
        { label: 'r0', cells: ['a', 'b'] },
        { label: 'r1', cells: ['c'] },
      ],
    };
    expect(renderTemplate(template, data)).toBe('0.0=a(r0) 0.1=b(r0) 1.0=c(r1) ');
  });

  it('#with changes this, and falls to {{else}} when the value is missing', () => {
    expect(renderTemplate('{{#with u}}{{name}}{{else}}nobody{{/with}}', { u: { name: 'Ann' } })).toBe('Ann');
    expect(renderTemplate('{{#with u}}{{name}}{{else}}nobody{{/with}}', {})).toBe('nobody');
  });

  it('a block tag alone on its line takes the line with it, so plain text keeps its shape', () => {
    const template = 'Items:\n{{#each items}}\n  - {{this}}\n{{/each}}\n{{! done }}\nEnd';
    expect(renderTemplate(template, { items: ['a', 'b'] }, { mode: 'text' })).toBe('Items:\n  - a\n  - b\nEnd');
  });

  it('the standalone rule knows Windows line ends', () => {
    const template = 'A\r\n{{#if x}}\r\n  B\r\n{{/if}}\r\nC';
    expect(renderTemplate(template, { x: true }, { mode: 'text' })).toBe('A\r\n  B\r\nC');
  });

  it('text mode prints values as they are', () => {
    expect(renderTemplate('{{a}} & {{{a}}}', { a: '<b>&' }, { mode: 'text' })).toBe('<b>& & <b>&');
  });
});

describe('partials and layouts', () => {
  const partials = { header: '<h1>{{site}}</h1>', item: '<li>{{name}}</li>', 'emails/footer': '<small>bye</small>' };

  it('renders a partial in the current scope, or in the one it names', () => {
    const data = { site: 'Edge', items: [{ name: 'a' }], me: { name: 'me' } };
    const template = '{{> header}}{{#each items}}{{> item}}{{/each}}{{> item me}}{{> emails/footer}}';
    expect(renderTemplate(template, data, { partials })).toBe('<h1>Edge</h1><li>a</li><li>me</li><small>bye</small>');
  });

  it('places the page in its layout at {{> @body}}, escaped once', () => {
    const layout = '<html><title>{{title}}</title><body>{{> @body}}</body></html>';
    expect(renderTemplate('<p>{{title}}</p>', { title: 'a<b' }, { layout })).toBe(
      '<html><title>a&lt;b</title><body><p>a&lt;b</p></body></html>',
    );
    const outside = thrown(() => renderTemplate('x {{> @body}}', {}));
    expect(outside.extensions).toMatchObject({ reason: 'TEMPLATE_INVALID', line: 1, column: 3 });
  });

  it('an unknown partial is an error at its tag, and the registry lends nothing of Object.prototype', () => {
    for (const name of ['missing', 'constructor', 'toString']) {
      const error = thrown(() => renderTemplate(`a\nb {{> ${name}}}`, {}, { partials }));
      expect(error.extensions).toMatchObject({ reason: 'TEMPLATE_INVALID', line: 2, column: 3 });
      expect(error.message).toContain(`unknown partial {{> ${name}}}`);
    }
  });

  it('a partial that includes itself is an error, not a stack overflow', () => {
    const loop = { a: 'A{{> b}}', b: '\n  B{{> a}}' };
    const error = thrown(() => renderTemplate('{{> a}}', {}, { partials: loop }));
    expect(error.extensions).toMatchObject({ reason: 'TEMPLATE_INVALID', template: 'b', line: 2, column: 4 });
    expect(error.message).toContain('a > b > a');
  });

  it('a check before saving finds an unknown partial on any branch, and @body outside a layout', () => {
    const template = '{{#if a}}\n{{else}}\n  {{#each b}}{{> item}}{{> missing}}{{/each}}\n{{/if}}';
    const unknown = thrown(() => checkTemplate(template, { name: 'digest.html', partials: ['item'] }));
    expect(unknown.message).toBe('unknown partial {{> missing}} (digest.html, line 3, column 24)');
    expect(unknown.extensions).toMatchObject({ reason: 'TEMPLATE_INVALID', line: 3, column: 24 });
    expect(checkTemplate(template, { partials: ['item', 'missing'] }).partials).toEqual(['item', 'missing']);
    const body = '<main>\n{{> @body}}</main>';
    expect(thrown(() => checkTemplate(body)).extensions).toMatchObject({ reason: 'TEMPLATE_INVALID', line: 2 });
    expect(checkTemplate(body, { layout: true }).partials).toEqual(['@body']);
    expect(thrown(() => checkTemplate('{{#if}}')).extensions.reason).toBe('TEMPLATE_INVALID');
  });

  it('an error inside a partial names the partial', () => {
    const error = thrown(() => renderTemplate('{{> bad}}', {}, { partials: { bad: 'ok\n{{#if x}}' } }));
    expect(error.extensions).toMatchObject({ reason: 'TEMPLATE_INVALID', template: 'bad', line: 2, column: 1 });
  });
});

describe('mistakes are errors with a line and column', () => {
  const cases: [string, string, number, number][] = [
    ['<ul>\n{{#each items}}\n<li>{{this}}</li>\n', 'unclosed {{#each}}', 2, 1],
    ['{{#each items}}\n  {{#if x}}\n{{/each}}', '{{/each}} closes {{#if}} opened at line 2, column 3', 3, 1],
    ['a\n{{/if}}', '{{/if}} closes no block', 2, 1],
    ['\n\n   {{#foo bar}}{{/foo}}', 'unknown helper {{#foo}}', 3, 4],
    ['{{uppercase name}}', 'unknown helper "uppercase"', 1, 1],
    ['{{#if}}{{/if}}', '{{#if}} takes one variable', 1, 1],
    ['{{#each items as |item|}}{{/each}}', '{{#each}} takes one variable', 1, 1],
    ['{{#if a}}{{else}}{{else}}{{/if}}', 'a second {{else}}', 1, 18],
    ['x {{else}}', '{{else}} outside a block', 1, 3],
    ['{{name', 'never closed with }}', 1, 1],
    ['a {{{html}}', 'never closed with }}}', 1, 3],
    ['{{!-- note', 'never closed with --}}', 1, 1],
    ['{{a..b}}', 'not a variable', 1, 1],
    ['{{@foo}}', 'unknown data variable', 1, 1],
    ['{{^x}}{{/x}}', 'not supported', 1, 1],
    ['{{~x}}', 'whitespace control', 1, 1],
    ['{{> bad name here}}', 'at most one variable', 1, 1],
    ['{{}}', 'an empty tag', 1, 1],
  ];
  for (const [template, message, line, column] of cases) {
    it(JSON.stringify(template), () => {
      const error = thrown(() => renderTemplate(template, {}));
      expect(error.message).toContain(message);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TEMPLATE_INVALID', line, column });
    });
  }

  it('names the template in the message', () => {
    expect(thrown(() => renderTemplate('{{#if a}}', {}, { name: 'welcome.html' })).message).toBe(
      'unclosed {{#if}}: no {{/if}} before the end of the template (welcome.html, line 1, column 1)',
    );
  });

  it('@index outside a loop is an error at render', () => {
    const error = thrown(() => renderTemplate('x\n{{@index}}', {}));
    expect(error.extensions).toMatchObject({ reason: 'TEMPLATE_RENDER', line: 2, column: 1 });
  });

  it('a template is parsed once and kept, per parse bounds', () => {
    const template = '<p>{{#each items}}{{this}}{{/each}}</p>';
    expect(compileTemplate(template)).toBe(compileTemplate(template));
    expect(compileTemplate(template, { limits: { maxDepth: 2 } })).not.toBe(compileTemplate(template));
    // A template kept under generous bounds is still refused under tighter ones.
    expect(thrown(() => compileTemplate(template, { limits: { maxDepth: 0 } })).extensions).toMatchObject({
      reason: 'TEMPLATE_LIMIT',
      limit: 'maxDepth',
    });
  });

  it('a mistake is not remembered: the fixed template renders', () => {
    expect(() => compileTemplate('{{#if a}}')).toThrow();
    expect(renderTemplate('{{#if a}}y{{/if}}', { a: 1 })).toBe('y');
    expect(compileTemplate('{{> a}}{{> b}}{{> a}}').partials).toEqual(['a', 'b']);
  });
});

describe('bounds', () => {
  it('nested loops over large data stop at the step bound, quickly', () => {
    const list = Array.from({ length: 2000 }, (_, i) => i);
    const template = '{{#each list}}{{#each @root.list}}{{#each @root.list}}x{{/each}}{{/each}}{{/each}}';
    const started = performance.now();
    const error = thrown(() => renderTemplate(template, { list }));
    expect(error.extensions).toMatchObject({ reason: 'TEMPLATE_LIMIT', limit: 'maxSteps', line: 1, column: 55 });
    expect(performance.now() - started).toBeLessThan(2000);
    // A smaller bound is honoured, and work under it renders.
    expect(renderTemplate('{{#each list}}.{{/each}}', { list: [1, 2] }, { limits: { maxSteps: 10 } })).toBe('..');
    const small = thrown(() => renderTemplate('{{#each list}}.{{/each}}', { list }, { limits: { maxSteps: 10 } }));
    expect(small.extensions.limit).toBe('maxSteps');
  });

  it('output stops at its byte bound, counted in UTF-8', () => {
    const data = { big: 'é'.repeat(600) };
    expect(renderTemplate('{{big}}', data, { limits: { maxOutputBytes: 1200 } })).toHaveLength(600);
    const error = thrown(() => renderTemplate('{{big}}!', data, { limits: { maxOutputBytes: 1200 } }));
    expect(error.extensions).toMatchObject({ reason: 'TEMPLATE_LIMIT', limit: 'maxOutputBytes', line: 1, column: 8 });
    // A raw value that repeats through a loop within the step bound still stops at the default output bound.
    const many = { list: Array.from({ length: 100 }, () => 0), chunk: 'x'.repeat(20_000) };
    expect(thrown(() => renderTemplate('{{#each list}}{{{@root.chunk}}}{{/each}}', many)).extensions.limit).toBe(
      'maxOutputBytes',
    );
  });

  it('a layout counts the page once per place it puts it', () => {
    const limits = { maxOutputBytes: 9 };
    expect(renderTemplate('12345', {}, { layout: '[{{> @body}}]', limits })).toBe('[12345]');
    expect(
      thrown(() => renderTemplate('12345', {}, { layout: '{{> @body}}{{> @body}}', limits })).extensions.limit,
    ).toBe('maxOutputBytes');
  });

  it('template size, block depth and partial depth are bounded', () => {
    const long = thrown(() => renderTemplate('x'.repeat(100_001), {}));
    expect(long.extensions).toMatchObject({ reason: 'TEMPLATE_LIMIT', limit: 'maxTemplateChars' });
    const deep = `${'{{#if a}}'.repeat(33)}${'{{/if}}'.repeat(33)}`;
    expect(thrown(() => renderTemplate(deep, {})).extensions).toMatchObject({ limit: 'maxDepth', column: 289 });
    expect(renderTemplate(`${'{{#if a}}'.repeat(32)}y${'{{/if}}'.repeat(32)}`, { a: 1 })).toBe('y');
    const chain = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, `{{> p${i + 1}}}`]));
    expect(thrown(() => renderTemplate('{{> p0}}', {}, { partials: chain })).extensions.limit).toBe('maxPartialDepth');
  });

  it('a template of many {{else if}} is bounded like nested blocks', () => {
    const chain = `{{#if a}}${'{{else if a}}'.repeat(5000)}{{/if}}`;
    expect(thrown(() => renderTemplate(chain, {})).extensions).toMatchObject({
      reason: 'TEMPLATE_LIMIT',
      limit: 'maxDepth',
    });
  });
});

describe('the plain-text part', () => {
  it('keeps words, link addresses, list items and paragraphs; drops tags, styles and scripts', () => {
    const html = `<!DOCTYPE html><html><head><title>T</title><style>p { color: red }</style></head><body>
      <h1>Reset   your password</h1>
      <p>Hello Ann &amp; co,<br>use <a href="https://x.test/reset?t=1&amp;u=2">this link</a> within 1&nbsp;hour.</p>
      <ul><li>one</li><li>two &lt;3</li></ul>
      <p><a href="https://x.test">https://x.test</a> · <a href="mailto:help@x.test">help@x.test</a>
      <a href="javascript:alert(1)">click</a><img src="l.png" alt="Logo"></p>
      <script>alert("no")</script><!-- a comment <p>hidden</p> -->
      <p>1 &lt; 2 &#x263A; &#9731; &bogus; a < b</p></body></html>`;
    expect(htmlToText(html)).toBe(
      [
        'Reset your password',
        '',
        'Hello Ann & co,',
        'use this link (https://x.test/reset?t=1&u=2) within 1 hour.',
        '',
        '- one',
        '- two <3',
        '',
        'https://x.test · help@x.test click Logo',
        '',
        '1 < 2 ☺ ☃ &bogus; a < b',
      ].join('\n'),
    );
  });

  it('survives broken HTML', () => {
    expect(htmlToText('<p>a <a href="x">b')).toBe('a b');
    expect(htmlToText('<p title="a>b">c</p><b')).toBe('c');
    expect(htmlToText('<script>never closed')).toBe('');
    // Links don't nest: the next one closes the last, so deep "nesting" stays linear.
    expect(htmlToText('<a href="u1">one <a href="u2">two</a></a>')).toBe('one (u1) two (u2)');
    const deep = htmlToText(`${'<a href="u">'.repeat(20_000)}x${'</a>'.repeat(20_000)}`);
    // Each empty link is its address alone; the last holds the text.
    expect(/^(u ){19999}x \(u\)$/.test(deep)).toBe(true);
    expect(htmlToText('&#0;&#xD800;&#99999999;')).toBe('\ufffd\ufffd&#99999999;');
  });
});

describe('a message', () => {
  const templates = {
    subject: 'Welcome to {{site}}, {{user.name}}',
    html: '<p>Hi {{user.name}}, see <a href="{{url}}">your account</a>.</p>',
  };

  it('always has a text part: its template, or the HTML part made plain', () => {
    const data = { site: 'Edge & Co', user: { name: 'Ann <3' }, url: 'https://x.test/a?b=1&c=2' };
    expect(renderMessage(templates, data)).toEqual({
      subject: 'Welcome to Edge & Co, Ann <3',
      html: '<p>Hi Ann &lt;3, see <a href="https://x.test/a?b&#x3D;1&amp;c&#x3D;2">your account</a>.</p>',
      text: 'Hi Ann <3, see your account (https://x.test/a?b=1&c=2).',
    });
    const own = renderMessage({ ...templates, text: 'Hi {{user.name}}\n' }, data);
    expect(own.text).toBe('Hi Ann <3');
  });

  it('a subject is one bounded line, whatever the data holds', () => {
    const subject = renderMessage(templates, {
      site: 'a\r\nBcc: evil@x.test',
      user: { name: 'x'.repeat(500) },
    }).subject;
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject.startsWith('Welcome to a Bcc: evil@x.test, xxx')).toBe(true);
    expect(subject).toHaveLength(250);
  });

  it('names the part in its errors', () => {
    const error = thrown(() => renderMessage({ ...templates, html: '{{#each}}' }, {}, { name: 'welcome' }));
    expect(error.extensions).toMatchObject({ template: 'welcome.html', line: 1 });
  });
});

describe('hostile templates', () => {
  it('any mix of tags and text renders or fails with a template error, never another', () => {
    const pieces = [
      '{{',
      '}}',
      '{{{',
      '}}}',
      '#if',
      '#each',
      '#with',
      '/if',
      '/each',
      'else',
      ' ',
      '\n',
      'a',
      'b.c',
    ].concat(['../', '@index', '@root', 'this', '>', ' p', '!', '--', '\\', '~', '<a href="', '</a>', '__proto__']);
    let seed = 13;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const data = { a: [1, { c: 2 }], b: { c: '<s>' }, p: 'q' };
    const partials = { p: '{{a.0}}{{> q}}', q: '{{#each a}}{{@index}}{{/each}}' };
    const reasons = new Set<string>();
    let rendered = 0;
    for (let n = 0; n < 3000; n++) {
      let template = '';
      for (let i = 1 + Math.floor(next() * 20); i > 0; i--) template += pieces[Math.floor(next() * pieces.length)];
      try {
        htmlToText(renderTemplate(template, data, { partials }));
        rendered++;
      } catch (error) {
        const { extensions } = error as { extensions?: Record<string, unknown> };
        expect(extensions?.reason, `${JSON.stringify(template)}: ${error}`).toMatch(/^TEMPLATE_/);
        expect(typeof extensions?.line, JSON.stringify(template)).toBe('number');
        reasons.add(extensions!.reason as string);
      }
    }
    expect(rendered).toBeGreaterThan(300);
    expect([...reasons].sort()).toEqual(['TEMPLATE_INVALID', 'TEMPLATE_RENDER']);
  });
});
