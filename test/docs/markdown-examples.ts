/**
 * The examples of the documentation, read out of the Markdown as a reader sees them. A fenced block tagged
 * graphql is a GraphQL example (a ```json block right after it holds its variables); one tagged sh or bash is
 * a CLI example, each of its lines a `hub …` or `npm run hub -- …` command. An HTML comment on the line right
 * above a block says how to run it:
 *
 *   <!-- example: expect-error FORBIDDEN -->        answers this error code (CLI: `expect-error exit 2`)
 *   <!-- example: destructive -->                   runs on a store of its own (deletes, erases, merges)
 *   <!-- example: may-be-empty -->                  an empty list or a zero count is a right answer
 *   <!-- example: not-run: needs a real Shopify store -->   cannot run here; the block says why in a # comment
 *
 * Directives combine with ";". Ids in examples are written as their prefix and an ellipsis (`prof_…`, `seg_…`):
 * the test puts ids of its demo store in their place.
 */

export type ExampleKind = 'graphql' | 'cli';

export interface Directives {
  expectError?: string;
  destructive: boolean;
  mayBeEmpty: boolean;
  notRun?: string;
}

export interface DocExample {
  file: string;
  line: number;
  kind: ExampleKind;
  text: string;
  variables?: string;
  directives: Directives;
  /** Why this block cannot be run as written (a marker it does not understand, a line that is not a hub command). */
  fault?: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const MARKER = /^\s*<!--\s*example:\s*(.*?)\s*-->\s*$/;
const GRAPHQL_LANGS = new Set(['graphql', 'gql']);
const CLI_LANGS = new Set(['sh', 'bash', 'shell']);
/** A command line a reader would type into a terminal, in a block of any language. */
export const HUB_COMMAND = /^\s*(\$\s+)?([A-Z_][A-Z0-9_]*=\S*\s+)*(npm run hub --|npx hub|hub|node bin\/hub)(\s|$)/;

interface Block {
  lang: string;
  line: number;
  endLine: number;
  lines: string[];
}

function blocksOf(lines: string[]): Block[] {
  const blocks: Block[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index]);
    if (!open) continue;
    const fence = open[2];
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(fence)) body.push(lines[end++]);
    blocks.push({ lang: open[3].toLowerCase(), line: index + 1, endLine: end + 1, lines: body });
    index = end;
  }
  return blocks;
}

function markersAbove(lines: string[], fenceLine: number): string[] {
  const found: string[] = [];
  for (let index = fenceLine - 2; index >= 0; index--) {
    const marker = MARKER.exec(lines[index]);
    if (!marker) break;
    found.unshift(marker[1]);
  }
  return found;
}

export function parseDirectives(markers: string[]): { directives: Directives; fault?: string } {
  const directives: Directives = { destructive: false, mayBeEmpty: false };
  for (const item of markers.flatMap((marker) => marker.split(';')).map((part) => part.trim()).filter(Boolean)) {
    const notRun = /^not-run:\s*(.+)$/.exec(item);
    const error = /^expect-error\s+(.+)$/.exec(item);
    if (notRun) directives.notRun = notRun[1];
    else if (error) directives.expectError = error[1].trim();
    else if (item === 'destructive') directives.destructive = true;
    else if (item === 'may-be-empty') directives.mayBeEmpty = true;
    else return { directives, fault: `unknown example directive '${item}'` };
  }
  return { directives };
}

/** Every example of one Markdown file, in order. */
export function examplesOf(file: string, markdown: string): DocExample[] {
  const lines = markdown.split('\n');
  const blocks = blocksOf(lines);
  const examples: DocExample[] = [];
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index];
    const { directives, fault } = parseDirectives(markersAbove(lines, block.line));
    const text = block.lines.join('\n');
    if (GRAPHQL_LANGS.has(block.lang)) {
      const next = blocks[index + 1];
      const adjacent = next && next.lang === 'json' && lines.slice(block.endLine, next.line - 1).every((line) => line.trim() === '');
      examples.push({ file, line: block.line, kind: 'graphql', text, variables: adjacent ? next.lines.join('\n') : undefined, directives, fault });
      if (adjacent) index++;
    } else if (CLI_LANGS.has(block.lang)) {
      examples.push({ file, line: block.line, kind: 'cli', text, directives, fault });
    } else if (block.lang !== 'json' && block.lang !== 'mermaid' && block.lines.some((line) => HUB_COMMAND.test(line))) {
      // A command in a block the test does not read would rot unseen.
      examples.push({ file, line: block.line, kind: 'cli', text, directives, fault: `a hub command in a block tagged '${block.lang || 'nothing'}': tag it sh` });
    }
  }
  return examples;
}

/** The command lines of a CLI block: continuation lines joined, comments and blank lines dropped. */
export function commandLines(text: string): string[] {
  const joined = text.replace(/\\\n\s*/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Splits a command line as a POSIX shell would split plain words, quotes and trailing comments (no expansions). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let current: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === "'" || char === '"') {
      const end = line.indexOf(char, index + 1);
      if (end < 0) throw new Error(`unclosed ${char} in: ${line}`);
      current = (current ?? '') + line.slice(index + 1, end);
      index = end;
    } else if (char === '\\' && index + 1 < line.length) {
      current = (current ?? '') + line[++index];
    } else if (/\s/.test(char)) {
      if (current !== undefined) words.push(current);
      current = undefined;
    } else if (char === '#' && current === undefined) {
      break;
    } else {
      current = (current ?? '') + char;
    }
  }
  if (current !== undefined) words.push(current);
  return words;
}

export interface HubInvocation {
  env: Record<string, string>;
  args: string[];
}

/** `[VAR=value …] hub|npx hub|npm run hub --|node bin/hub <args>` → its environment and arguments; undefined for any other command. */
export function hubInvocation(line: string): HubInvocation | undefined {
  const words = shellWords(line.replace(/^\$\s+/, ''));
  const env: Record<string, string> = {};
  while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, ...value] = words.shift()!.split('=');
    env[name] = value.join('=');
  }
  const prefixes = [['npm', 'run', 'hub', '--'], ['npx', 'hub'], ['node', 'bin/hub'], ['hub']];
  const prefix = prefixes.find((candidate) => candidate.every((word, index) => words[index] === word));
  return prefix ? { env, args: words.slice(prefix.length) } : undefined;
}
