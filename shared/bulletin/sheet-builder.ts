// Builds one sheet of the model row by row; records the values the text quotes ("facts").

import { type CellModel, type MergeModel, type RowKind, type RowModel, type SheetModel, text } from './model';

export interface BuilderContext {
  /** Every value a sheet shows, by key, for the text (which must print what the sheets show). */
  facts: Map<string, CellModel>;
  /** Titles of the sheets built so far (the text lists them as 附件). */
  sheetTitles: string[];
}

export class SheetBuilder {
  readonly rows: RowModel[] = [];
  readonly merges: MergeModel[] = [];
  constructor(
    readonly ctx: BuilderContext,
    readonly name: string,
    readonly title: string,
    readonly columns: number,
  ) {
    ctx.sheetTitles.push(title);
    this.row('title', [text(title, 'center')], true);
  }

  /** Adds a row; `mergeAll` merges it across the sheet (title, notes). Returns its index. */
  row(kind: RowKind, cells: CellModel[], mergeAll = false): number {
    const i = this.rows.length;
    this.rows.push({ kind, cells });
    if (mergeAll && this.columns > 1) this.merges.push({ top: i, left: 0, bottom: i, right: this.columns - 1 });
    return i;
  }

  merge(top: number, left: number, bottom: number, right: number) {
    this.merges.push({ top, left, bottom, right });
  }

  /** Records a cell as a fact for the text and returns it. */
  fact(key: string, cell: CellModel): CellModel {
    this.ctx.facts.set(key, cell);
    return cell;
  }

  build(opts: { frozenRows: number; frozenColumns?: number; landscape?: boolean; fixedWidths?: number[]; printColumns?: number }): SheetModel {
    return {
      name: this.name,
      title: this.title,
      columns: this.columns,
      rows: this.rows,
      merges: this.merges,
      frozenRows: opts.frozenRows,
      frozenColumns: opts.frozenColumns ?? 0,
      landscape: opts.landscape ?? this.columns >= 6,
      ...(opts.fixedWidths ? { fixedWidths: opts.fixedWidths } : {}),
      ...(opts.printColumns ? { printColumns: opts.printColumns } : {}),
    };
  }
}
