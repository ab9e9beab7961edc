// Word lists for the demo content. Plain ASCII so slugs and emails derived from them stay valid.

export const FIRST_NAMES = [
  'Ada', 'Alan', 'Barbara', 'Brian', 'Carol', 'Dennis', 'Edsger', 'Frances', 'Grace', 'Hedy', 'Ivan', 'Joan', 'Ken',
  'Katherine', 'Linus', 'Margaret', 'Niklaus', 'Olga', 'Peter', 'Radia', 'Rasmus', 'Shafi', 'Sophie', 'Tim', 'Ursula',
  'Vint', 'Wendy', 'Xavier', 'Yukihiro', 'Zora', 'Anita', 'Bjarne', 'Cynthia', 'Donald', 'Evelyn', 'Fernando',
  'Guido', 'Hannah', 'Irene', 'James',
] as const;

export const LAST_NAMES = [
  'Lovelace', 'Turing', 'Liskov', 'Kernighan', 'Shaw', 'Ritchie', 'Dijkstra', 'Allen', 'Hopper', 'Lamarr', 'Sutherland',
  'Clarke', 'Thompson', 'Johnson', 'Torvalds', 'Hamilton', 'Wirth', 'Taussky', 'Naur', 'Perlman', 'Lerdorf',
  'Goldwasser', 'Wilson', 'Berners-Lee', 'Franklin', 'Cerf', 'Hall', 'Leroy', 'Matsumoto', 'Neale', 'Borg',
  'Stroustrup', 'Dwork', 'Knuth', 'Boyd', 'Corbato', 'van Rossum', 'Fry', 'Greif', 'Gosling',
] as const;

export const TOPICS = [
  'GraphQL', 'Edge Caching', 'Cloudflare Workers', 'D1', 'SQLite', 'TypeScript', 'Serverless', 'Content Modeling',
  'Rich Text', 'Web Performance', 'Accessibility', 'Image Optimization', 'Authentication', 'Rate Limiting',
  'Observability', 'Testing', 'Pagination', 'Full-Text Search', 'Internationalization', 'Headless CMS', 'Schema Design',
  'Migrations', 'Static Sites', 'Webhooks', 'Design Systems', 'Data Loaders', 'Cursor Pagination', 'Localization',
  'Content Workflows', 'Developer Experience',
] as const;

export const TITLE_PATTERNS = [
  'A Practical Guide to {a}',
  '{a} in Production',
  'What We Learned Moving to {a}',
  '{a}: Myths and Realities',
  'Ten Tips for Better {a}',
  'Getting Started with {a}',
  '{a} Without the Hype',
  'Debugging {a}',
  'What {a} Means for {b}',
  '{a} and {b}: A Field Report',
  'The Hidden Costs of {a}',
  'Rethinking {a}',
] as const;

export const TAG_NAMES = [
  'GraphQL', 'Edge', 'Caching', 'Workers', 'D1', 'SQLite', 'TypeScript', 'Serverless', 'CMS', 'Performance',
  'Accessibility', 'Images', 'Auth', 'Security', 'Observability', 'Testing', 'APIs', 'Search', 'i18n', 'Design',
  'Databases', 'DevOps', 'Frontend', 'Backend', 'Tutorial', 'Opinion', 'Case Study', 'Release Notes', 'Tooling',
  'Architecture', 'Open Source', 'JavaScript', 'CSS', 'HTML', 'Web Standards', 'Privacy', 'Analytics', 'Mobile',
  'Content Strategy', 'Workflow',
] as const;

export const SUBJECTS = [
  'the cache', 'our team', 'the schema', 'every request', 'the edge runtime', 'a cold start', 'the query planner',
  'each editor', 'the build', 'a small index', 'the resolver', 'the database', 'our readers', 'the API',
] as const;

export const VERBS = [
  'reduces', 'changes', 'simplifies', 'exposes', 'hides', 'shapes', 'speeds up', 'complicates', 'protects', 'tracks',
  'rewrites', 'validates', 'explains', 'outlives',
] as const;

export const OBJECTS = [
  'latency at the tail', 'the cost of every write', 'how content is modelled', 'the shape of the data',
  'most of the boilerplate', 'the mistakes we made early', 'a surprising amount of work', 'the release process',
  'what users actually see', 'the slowest queries', 'stale reads', 'the editorial workflow', 'the deploy pipeline',
] as const;

export const CLOSERS = [
  'in practice', 'more than expected', 'when traffic spikes', 'on a good day', 'after the first month',
  'for most teams', 'without anyone noticing', 'at scale', 'in the long run', 'with careful testing',
] as const;

export const BIO_ROLES = [
  'writes about', 'builds tools for', 'maintains a newsletter on', 'teaches', 'speaks at conferences about',
  'has spent a decade on',
] as const;
