import { describe, expect, it } from 'vitest';
import { csvField, formatDistance, neutraliseFormula, parseCsv, resultsToCsv } from '../../src/domain/csv';

describe('resultsToCsv', () => {
  it('writes the header, one row per face, and no_persons_found rows, all CRLF-terminated', () => {
    const csv = resultsToCsv([
      {
        file: 'group.jpg',
        faces: [
          { name: 'alice', distance: 0.41234 },
          { name: 'unknown_person', distance: 0.7, group: 'group_2' },
        ],
      },
      { file: 'empty.jpg', faces: null },
      { file: 'blank.png', faces: [] },
      { file: 'nobody-known.jpg', faces: [{ name: 'unknown_person', distance: null }] },
    ]);
    expect(csv).toBe(
      'file,name,distance,group\r\n' +
        'group.jpg,alice,0.412,\r\n' +
        'group.jpg,unknown_person,0.700,group_2\r\n' +
        'empty.jpg,no_persons_found,,\r\n' +
        'blank.png,no_persons_found,,\r\n' +
        'nobody-known.jpg,unknown_person,,\r\n',
    );
  });

  it('rounds distances to exactly three decimals', () => {
    const csv = resultsToCsv([{ file: 'a.jpg', faces: [{ name: 'a', distance: 0.0005 }, { name: 'b', distance: 0 }] }]);
    expect(csv.split('\r\n').slice(1, 3)).toEqual(['a.jpg,a,0.001,', 'a.jpg,b,0.000,']);
  });

  it('quotes fields with commas, quotes, CR or LF and keeps unicode; formula-like names neutralised', () => {
    const csv = resultsToCsv([
      { file: 'smith, john.jpg', faces: [{ name: 'John "JJ" Smith', distance: 0.5 }] },
      { file: 'line\nbreak.jpg', faces: [{ name: 'cr\rname', distance: 0.25 }] },
      { file: 'zoë 😀.jpg', faces: [{ name: '=SUM(A1)', distance: 0.125 }] },
    ]);
    expect(csv).toBe(
      'file,name,distance,group\r\n' +
        '"smith, john.jpg","John ""JJ"" Smith",0.500,\r\n' +
        '"line\nbreak.jpg","cr\rname",0.250,\r\n' +
        "zoë 😀.jpg,'=SUM(A1),0.125,\r\n",
    );
  });
});

describe('formula injection (OWASP)', () => {
  it('puts a quote before = + - @ tab and CR at the start of text cells, not numbers', () => {
    const names = ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR', 'plain', 'a=b', "it's"];
    const csv = resultsToCsv([{ file: '=cmd|calc.jpg', faces: names.map((name) => ({ name, distance: 0.5 })) }]);
    const [, ...rows] = parseCsv(csv);
    expect(rows.map((r) => r[0])).toEqual(names.map(() => "'=cmd|calc.jpg"));
    expect(rows.map((r) => r[1])).toEqual([
      `'=HYPERLINK("http://x")`,
      "'+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tTAB",
      "'\rCR",
      'plain',
      'a=b',
      "it's",
    ]);
    expect(rows.map((r) => r[2])).toEqual(names.map(() => '0.500'));
    expect(neutraliseFormula('-0.5')).toBe("'-0.5");
    expect(formatDistance(0.5)).toBe('0.500');
  });
});

describe('csvField', () => {
  it('leaves plain fields alone and quotes the rest', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('')).toBe('');
    expect(csvField('"')).toBe('""""');
  });
});

describe('parseCsv', () => {
  it('round-trips resultsToCsv with awkward names', () => {
    const names = ['a,b', 'say "hi"', 'multi\r\nline', 'lf\nonly', 'tab\there', 'ünïcødé 名前', ' spaced '];
    const csv = resultsToCsv([{ file: 'f,"x".jpg', faces: names.map((name) => ({ name, distance: 0.1, group: 'group_1' })) }]);
    expect(parseCsv(csv)).toEqual([
      ['file', 'name', 'distance', 'group'],
      ...names.map((name) => ['f,"x".jpg', name, '0.100', 'group_1']),
    ]);
  });

  it('keeps empty trailing fields and accepts LF line ends and no final line end', () => {
    expect(parseCsv('a,b,\nc,,d')).toEqual([
      ['a', 'b', ''],
      ['c', '', 'd'],
    ]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('""\r\n')).toEqual([['']]);
  });

  it('rejects malformed quoting', () => {
    expect(() => parseCsv('"unterminated')).toThrow(SyntaxError);
    expect(() => parseCsv('"a"b,c')).toThrow(SyntaxError);
  });
});
