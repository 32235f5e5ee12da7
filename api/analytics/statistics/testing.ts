/** Small H3 layouts for the tests of the analyses: a disk of cells and each cell's gridDisk(cell, 1). */
import { gridDisk, latLngToCell } from 'h3-js';

/** Cells within `radius` steps of a cell in Pukou, with neighbour lists (incl. self) by index. */
export function h3Disk(radius: number): { cells: string[]; centre: number; neighbours: number[][] } {
  const origin = latLngToCell(32.06, 118.63, 8);
  const cells = gridDisk(origin, radius);
  const index = new Map(cells.map((cell, i) => [cell, i]));
  const neighbours = cells.map((cell) =>
    gridDisk(cell, 1).flatMap((near) => (index.has(near) ? [index.get(near)!] : [])),
  );
  return { cells, centre: index.get(origin)!, neighbours };
}
