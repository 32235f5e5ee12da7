/** Finds streets, communities and grids by name fragment or code prefix. */
import type pg from 'pg';

export interface SearchHit {
  type: 'street' | 'community' | 'grid';
  code: string;
  name: string;
  parentName: string | null;
  bbox: [number, number, number, number];
}

export async function searchNetwork(pool: pg.Pool, text: string, limit: number): Promise<SearchHit[]> {
  const isCode = /^\d+$/.test(text);
  const pattern = isCode ? `${text}%` : `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const match = isCode ? 'code LIKE $1' : 'name ILIKE $1';
  const { rows } = await pool.query<SearchHit>(
    `SELECT type, code, name, "parentName", json_build_array(ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)) AS bbox
     FROM (
       SELECT d.level AS type, d.code, d.name, p.name AS "parentName", d.geom, length(d.code) AS rank
       FROM division d LEFT JOIN division p ON p.code = d.parent_code
       WHERE d.level <> 'district' AND d.${match}
       UNION ALL
       SELECT 'grid', g.code, g.name, c.name, g.geom, 15
       FROM grid g JOIN division c ON c.code = g.community_code
       WHERE g.valid_to IS NULL AND g.${match}
     ) hits
     ORDER BY rank, code
     LIMIT $2`,
    [pattern, limit],
  );
  return rows;
}
