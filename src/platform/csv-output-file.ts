import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { HubError } from '../errors/hub-error';

/**
 * A CSV file that appears whole or not at all: rows go to `<path>.partial`, which `commit` renames over
 * `path`, so a failed run never leaves a truncated file where a previous good one was.
 */
export interface CsvOutputFile {
  writeRow(cells: readonly string[]): Promise<void>;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/** Opens the file at once, so an unwritable path fails before any long work; writes the header row. */
export async function openCsvOutputFile(path: string, header: readonly string[]): Promise<CsvOutputFile> {
  const partial = `${path}.partial`;
  const stream = createWriteStream(partial);
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new HubError('BAD_USER_INPUT', `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check that its folder exists and is writable`);
  }
  const writeRow = async (cells: readonly string[]) => {
    // Waiting only when the buffer is full keeps a million rows fast and memory flat.
    if (!stream.write(`${cells.map(csvCell).join(',')}\n`)) await once(stream, 'drain');
  };
  await writeRow(header);
  return {
    writeRow,
    async commit() {
      stream.end();
      await finished(stream);
      await rename(partial, path);
    },
    async discard() {
      stream.destroy();
      await rm(partial, { force: true });
    },
  };
}

/** RFC 4180: quoted only when the value holds a comma, a quote or a line break. */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
