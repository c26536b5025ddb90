import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
// The CommonJS build, named on purpose: type-graphql builds the schema with it, and graphql refuses to print a schema
// built by another copy of itself (under vitest a bare 'graphql' import resolves to the ESM build, index.mjs).
import { lexicographicSortSchema, printSchema } from 'graphql/index.js';
import { buildHubSchema } from './schema';

export const SCHEMA_FILE = resolve(__dirname, '../../schema/schema.graphql');

const HEADER = '# Generated from the resolvers by `npm run schema`; do not edit by hand.\n\n';

/** The SDL that schema/schema.graphql must hold: sorted, so reordering code does not churn the diff. */
export async function printHubSchema(): Promise<string> {
  return HEADER + printSchema(lexicographicSortSchema(await buildHubSchema())) + '\n';
}

async function main(): Promise<void> {
  await writeFile(SCHEMA_FILE, await printHubSchema());
  console.log(`Wrote ${SCHEMA_FILE}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
