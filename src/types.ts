/**
 * Shared shapes of the pipeline: source → normalize → segment → match → report / fix.
 *
 * Units, once for the whole code base:
 * - Every `Range` is a half-open pair [start, end) of 0-based UTF-16 offsets (JavaScript string
 *   indices). Which string it points into is said where the range is declared.
 * - Line and column exist only in reports (`LintMessage`); they are 1-based, and columns count
 *   Unicode code points, never UTF-16 units and never display width.
 */

/**
 * How much text a run handles item by item before an index pays for itself: about a one-line
 * draft's worth. Below it the prefilter searches factor by factor (no trie), unless-present lists
 * are checked phrase by phrase (not compiled whole), and each text gets its own partial jieba
 * dictionary; past it, the trie, the compiled list and batched segmentation take over.
 */
export const SHORT_RUN_CHARS = 2000;

export type Severity = 'error' | 'warning' | 'info';
export type Level = Severity | 'off';
export type Script = 'simplified' | 'traditional';
/** Which Traditional variant rewrites are written in for Traditional drafts. */
export type Locale = 'tw' | 'hk';

/** Half-open range [start, end) of 0-based UTF-16 offsets. */
export type Range = readonly [start: number, end: number];

/**
 * Part of a draft that rules must not read: markup to drop (`replacement: ''`, e.g. Markdown `**`)
 * or opaque content that stands in the sentence as one neutral character (`replacement: ' '`,
 * e.g. inline code, a URL, a placeholder such as `{订单号}`).
 */
export interface Hidden {
  /** Range into `Draft.text`. */
  range: Range;
  replacement: string;
}

/**
 * Where a draft sits in a table or structured file, so a person can find it in the seller
 * workbench: `replies.xlsx` › `Sheet1!C12` 短语内容, with its group and shortcut code.
 */
export interface RecordInfo {
  sheet?: string;
  /** 1-based row of the table (or record number in JSON/YAML lists). */
  row?: number;
  /** Column letter (C) or key path (replies[3].text). */
  column?: string;
  /** The column header or key name (短语内容). */
  header?: string;
  /** Group / category of the quick reply (分组). */
  group?: string;
  /** Shortcut code of the quick reply (快捷编码). */
  code?: string;
  /** Title of the quick reply, when the export has one. */
  title?: string;
}

/** One reply draft (a "message" in the issues): the unit that rules read. */
export interface Draft {
  /** The original text of the draft, exactly as it stands in the source file. */
  text: string;
  /** 0-based UTF-16 offset of `text[0]` in `SourceFile.text`. */
  offset: number;
  /** Parts of `text` that rules do not read, sorted by start, not overlapping. */
  hidden?: Hidden[];
  /** Where the draft sits in a table or structured file. */
  record?: RecordInfo;
  /**
   * How replacement text must be written into this draft's place in the file (doubling quotes in
   * a quoted CSV cell, escaping a JSON string). Returns undefined when it cannot be written safely;
   * the finding then gets no fix. Absent: replacements are written as they are.
   */
  escape?: (replacement: string) => string | undefined;
}

/** A file (or standard input) split into drafts. Built by the functions in `src/sources/`. */
export interface SourceFile {
  /** Path as given by the user, or `<stdin>`. */
  path: string;
  /** The decoded text of the whole file, without a byte-order mark. */
  text: string;
  drafts: Draft[];
  /**
   * Suppression comments found by the source parser (`# huashu-disable-next-line …` in plain text,
   * `<!-- huashu-disable-line … -->` in Markdown), in file order. Omitted when there are none.
   * Applied to the findings by `src/suppress.ts`.
   */
  directives?: Directive[];
  /**
   * Parts of `text` that reports locate at a place of their own instead of their line and column
   * in `text`, sorted by start, not overlapping. Present only when `text` is not the file's text:
   * a workbook's `text` is its cells one after another, and each cell is reported at its
   * spreadsheet row (see `Place`). Omitted for every text source.
   */
  places?: Place[];
}

/**
 * Where a part of `SourceFile.text` is reported. An offset in `range` (its end included) is
 * reported at `line`, and at `column` plus the number of code points between `range[0]` and the
 * offset: line breaks inside the range count as one column each (CRLF as two) and never start a
 * new line. A workbook cell: `line` = the row, `column` = 1.
 */
export interface Place {
  /** Range into `SourceFile.text`. */
  range: Range;
  /** 1-based line reported for the whole range. */
  line: number;
  /** 1-based column (code points) of `range[0]`. */
  column: number;
}

/**
 * `disable-line`: the line the comment is on; `disable-next-line`: the next line of text;
 * `ignore-field`: a `huashu-ignore` table column or JSON/YAML key, covering its record.
 */
export type DirectiveKind = 'disable-line' | 'disable-next-line' | 'ignore-field';

/** One suppression comment. Every range is into `SourceFile.text`. */
export interface Directive {
  kind: DirectiveKind;
  /** The whole comment (`# huashu-…` to the end of the line, or `<!-- … -->`), or the `huashu-ignore` value. */
  range: Range;
  /** The rule ids named, each with its own range; empty means every rule. */
  rules: { id: string; range: Range }[];
  /**
   * What the directive covers: a finding whose start lies in this range is suppressed. A line
   * without its line break; empty (`[n, n]`) when a `disable-next-line` has no line after it.
   * `ignore-field`: the record's reply cell, or the JSON/YAML object holding the key.
   */
  target: Range;
  /** Where the directive sits in a table or structured file (findings about it carry it). */
  record?: RecordInfo;
}

/** One safe replacement: put `text` in place of `range` (into `SourceFile.text`). */
export interface Fix {
  range: Range;
  text: string;
}

/** A violation found by the core, before it is placed on lines and columns. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Why this is a problem (Chinese), from the rule file. */
  message: string;
  /** Range into `SourceFile.text`. */
  range: Range;
  /** The original text of `range`. */
  text: string;
  /** Suggested rewrites, in the script of the draft (Traditional drafts get Traditional rewrites). */
  rewrites: string[];
  /** True when `--fix` may apply `rewrites[0]` on its own (a safe word-level swap). */
  fixable: boolean;
  /**
   * `rewrites[0]` as a replacement, present whenever the span can be replaced (it hides no markup
   * or placeholder). `--fix` applies it when `fixable`; `--fix-suggestions` applies it always.
   */
  fix?: Fix;
  /** The draft's place in a table or structured file. */
  record?: RecordInfo;
}

/** A finding placed on lines and columns, as every reporter receives it. */
export interface LintMessage {
  ruleId: string;
  severity: Severity;
  message: string;
  /** 1-based line of the first character. */
  line: number;
  /** 1-based column of the first character, in code points. */
  column: number;
  /** 1-based line of the position just after the span. */
  endLine: number;
  /** 1-based column just after the span (exclusive), in code points. */
  endColumn: number;
  text: string;
  rewrites: string[];
  fixable: boolean;
  /** Range into the file text; reporters that need offsets (and the fixer) use it. */
  range: Range;
  fix?: Fix;
  record?: RecordInfo;
}

/** Everything the reporters need about one file. */
export interface LintResult {
  path: string;
  /** The file text the positions refer to (after fixes, when fixes were applied). */
  source: string;
  messages: LintMessage[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
  /** Present when `--fix` changed the text: the fixed text. */
  output?: string;
  /** A problem reading or parsing this file (the file is then not linted). */
  fatal?: string;
}
