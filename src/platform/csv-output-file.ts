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
  /** Many rows, handed to the file in chunks of about 64 KB: a million rows with one write each cost seconds. */
  writeRows(rows: Iterable<readonly string[]>): Promise<void>;
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
  // Waiting only when the buffer is full keeps memory flat.
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  const writeRow = (cells: readonly string[]) => write(csvLine(cells));
  await writeRow(header);
  return {
    writeRow,
    async writeRows(rows) {
      let chunk = '';
      for (const cells of rows) {
        chunk += csvLine(cells);
        if (chunk.length >= CHUNK_CHARACTERS) {
          await write(chunk);
          chunk = '';
        }
      }
      if (chunk !== '') await write(chunk);
    },
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

const CHUNK_CHARACTERS = 64 * 1024;

function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let index = 0; index < cells.length; index++) line += (index === 0 ? '' : ',') + csvCell(cells[index]);
  return `${line}\n`;
}

/** RFC 4180: quoted only when the value holds a comma, a quote or a line break. */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
