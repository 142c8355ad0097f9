import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createRecordWriter, formatFromPath, type OutputFormat } from '../../src/cli/output/record-writer.js';
import type { Sink } from '../../src/cli/output/sink.js';

class MemorySink implements Sink {
  text = '';
  bytes = 0;
  flushed = 0;
  write(chunk: string): void {
    this.text += chunk;
    this.bytes += Buffer.byteLength(chunk);
  }
  async flush(): Promise<void> {
    this.flushed++;
  }
  async close(): Promise<void> {}
}

const records = [
  { Id: '4876876000001310001', Last_Name: 'Boyle', Note: '' },
  { Id: '4876876000001310002', Last_Name: `O'Neil, "Jr."`, Note: 'line one\nline two' },
  { Id: '4876876000001310003', Last_Name: 'Ünïcödé 東京', Note: 'cr\rhere' },
];

async function render(format: OutputFormat, input: Record<string, string>[]): Promise<MemorySink> {
  const sink = new MemorySink();
  const writer = createRecordWriter(format, sink);
  await writer.begin();
  for (const r of input) await writer.write(r);
  await writer.end();
  return sink;
}

describe('ndjson writer', () => {
  it('writes one JSON object per line keyed by the CSV header, in header order', async () => {
    const sink = await render('ndjson', records);
    const lines = sink.text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines.slice(0, 3).map((l) => JSON.parse(l))).toEqual(records);
    expect(lines[0]).toBe('{"Id":"4876876000001310001","Last_Name":"Boyle","Note":""}');
    expect(sink.flushed).toBe(1);
  });

  it('writes nothing for an empty export', async () => {
    expect((await render('ndjson', [])).text).toBe('');
  });
});

describe('csv writer', () => {
  it('writes the header then RFC 4180 rows with LF line ends', async () => {
    const sink = await render('csv', records);
    expect(sink.text).toBe(
      'Id,Last_Name,Note\n' +
        '4876876000001310001,Boyle,\n' +
        `4876876000001310002,"O'Neil, ""Jr.""","line one\nline two"\n` +
        '4876876000001310003,Ünïcödé 東京,"cr\rhere"\n',
    );
    expect(parse(sink.text, { columns: true })).toEqual(records);
  });

  it('keeps the first header for every row (missing keys empty, extra keys dropped)', async () => {
    const sink = await render('csv', [
      { A: '1', B: '2' },
      { B: '3', C: '4' },
    ]);
    expect(sink.text).toBe('A,B\n1,2\n,3\n');
  });

  it('writes nothing for an empty export', async () => {
    expect((await render('csv', [])).text).toBe('');
  });
});

describe('json writer', () => {
  it('streams one valid JSON array', async () => {
    const sink = await render('json', records);
    expect(JSON.parse(sink.text)).toEqual(records);
    expect(sink.text.startsWith('[\n{')).toBe(true);
    expect(sink.text.endsWith('}\n]\n')).toBe(true);
  });

  it('is [] when empty', async () => {
    expect((await render('json', [])).text).toBe('[]\n');
    expect(JSON.parse((await render('json', [])).text)).toEqual([]);
  });

  it('counts bytes as UTF-8', async () => {
    const sink = await render('json', records);
    expect(sink.bytes).toBe(Buffer.byteLength(sink.text));
  });
});

describe('formatFromPath', () => {
  it('maps extensions', () => {
    expect(formatFromPath('a.ndjson')).toBe('ndjson');
    expect(formatFromPath('a.JSONL')).toBe('ndjson');
    expect(formatFromPath('a.csv')).toBe('csv');
    expect(formatFromPath('a.json')).toBe('json');
    expect(formatFromPath('a.txt')).toBeUndefined();
  });
});
