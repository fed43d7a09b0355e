import type { RecreateEnumOp } from '../../../ops/op.js'
import { dollarQuote, quoteIdentifier, quoteLiteral, quoteQualified } from './quote.js'

/**
 * Replaces an enum's value list where `ADD VALUE` cannot: rename the old type
 * aside, create the new one, convert every table column of the type (or an
 * array of it) through text, put defaults back re-pointed at the new type, and
 * drop the old type. The columns are found by the server (a DO block) so the
 * same SQL works offline; a row holding a removed value makes the conversion
 * fail, and anything else still using the old type makes the final DROP fail,
 * rolling the migration back either way.
 */
export function compileRecreateEnum(op: RecreateEnumOp): string[] {
  const newType = quoteQualified(op.schema, op.name)
  const asideName = `${op.name}_tsmig_old`
  const oldType = quoteQualified(op.schema, asideName)
  const body = `
DECLARE
  old_type regtype := ${quoteLiteral(oldType)}::regtype;
  new_type regtype := ${quoteLiteral(newType)}::regtype;
  col record;
BEGIN
  FOR col IN
    SELECT a.attrelid::regclass::text AS tbl, a.attname, a.atttypid = old_type AS scalar,
           pg_get_expr(d.adbin, d.adrelid) AS def
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.atttypid IN (old_type, (SELECT t.typarray FROM pg_type t WHERE t.oid = old_type))
      AND a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount = 0
      AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  LOOP
    IF col.def IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT', col.tbl, col.attname);
    END IF;
    IF col.scalar THEN
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I TYPE %s USING %I::text::%s',
        col.tbl, col.attname, new_type, col.attname, new_type);
    ELSE
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I TYPE %s[] USING %I::text[]::%s[]',
        col.tbl, col.attname, new_type, col.attname, new_type);
    END IF;
    IF col.def IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s',
        col.tbl, col.attname, replace(col.def, old_type::text, new_type::text));
    END IF;
  END LOOP;
END
`
  return [
    `ALTER TYPE ${newType} RENAME TO ${quoteIdentifier(asideName)}`,
    `CREATE TYPE ${newType} AS ENUM (${op.values.map(quoteLiteral).join(', ')})`,
    `DO ${dollarQuote(body)}`,
    `DROP TYPE ${oldType}`,
  ]
}
