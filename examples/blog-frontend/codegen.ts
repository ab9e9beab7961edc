import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The consumer's codegen: the client preset types the `graphql()` documents in src/ against the CMS's committed schema
 * and writes src/gql/ (committed). `npm run codegen:examples` at the repository root runs it; `npm run check:examples`
 * regenerates into a temp copy and fails when src/gql/ is stale or the example no longer type-checks.
 *
 * Paths are relative to this folder (the scripts run codegen here); SCHEMA points the check at another schema.
 */
export default {
  overwrite: true,
  schema: process.env.SCHEMA ?? '../../schema/schema.graphql',
  documents: ['src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: {
        // No fragment masking: the example reads what it selects directly.
        fragmentMasking: false,
        // src/gql/persisted-documents.json: hash → document, for a trusted-documents allow-list on the server.
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // Every custom scalar must be mapped: a new one fails codegen instead of becoming `any`.
        strictScalars: true,
        scalars: {
          // Sent and received as ISO 8601 strings; parse with `new Date(value)` where a Date is needed.
          DateTime: 'string',
          // Any JSON value (rich text included, see src/json.ts), never `any`.
          JSON: '../json#JsonValue',
          // The media plugin's uploads (GraphQL multipart requests): a file or blob sent, never received.
          Upload: { input: 'File | Blob', output: 'never' },
        },
      },
    },
  },
} satisfies CodegenConfig;
