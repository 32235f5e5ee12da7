/**
 * A file's rows per grid × category, counted as it is read: per grid an array indexed by the
 * category's number. Rows of a file in no particular order change grid and category on nearly
 * every row, where nested maps cost four hash look-ups a row (and most of them cache misses);
 * this costs two, and none while the grid and the category stay the same.
 */
import { CountDeltas } from '../stats/counts.ts';

export class FileCounts {
  /** Runs of consecutive rows in one grid: few runs, the file is grouped by grid already. */
  gridRuns = 0;
  private readonly rows = new Map<string | null, Int32Array>();
  private readonly categoryNumbers = new Map<string, number>();
  /** Categories a grid's array has room for. */
  private width = 64;
  private lastGrid: string | null | undefined = undefined;
  private lastCategory: string | undefined = undefined;
  private row: Int32Array = new Int32Array(0);
  private category = 0;

  note(category: string, grid: string | null): void {
    if (category !== this.lastCategory) {
      let number = this.categoryNumbers.get(category);
      if (number === undefined) {
        number = this.categoryNumbers.size;
        this.categoryNumbers.set(category, number);
        if (number >= this.width) this.widen();
      }
      this.category = number;
      this.lastCategory = category;
    }
    if (grid !== this.lastGrid) {
      this.gridRuns++;
      let row = this.rows.get(grid);
      if (!row) this.rows.set(grid, (row = new Int32Array(this.width)));
      this.row = row;
      this.lastGrid = grid;
    }
    this.row[this.category]++;
  }

  /** The categories met. */
  categories(): string[] {
    return [...this.categoryNumbers.keys()];
  }

  /** The counts, as changes to grid_category_count. */
  deltas(): CountDeltas {
    const deltas = new CountDeltas();
    const categories = this.categories();
    for (const [grid, row] of this.rows) {
      const counts = deltas.grid(grid);
      for (let c = 0; c < categories.length; c++) if (row[c] > 0) counts.set(categories[c], row[c]);
    }
    return deltas;
  }

  private widen(): void {
    this.width *= 2;
    for (const [grid, row] of this.rows) {
      const wider = new Int32Array(this.width);
      wider.set(row);
      this.rows.set(grid, wider);
      if (this.row === row) this.row = wider;
    }
  }
}
