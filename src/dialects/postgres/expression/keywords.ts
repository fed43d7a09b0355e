/**
 * PostgreSQL keywords that are not "unreserved" (`pg_get_keywords()` categories
 * R, C and T, union of PostgreSQL 15 and 18). An identifier spelled like one of
 * these must stay double-quoted; PostgreSQL's own `quote_ident` uses the same rule.
 */
export const QUOTE_REQUIRED_KEYWORDS: ReadonlySet<string> = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'authorization',
  'between', 'bigint', 'binary', 'bit', 'boolean', 'both', 'case', 'cast', 'char', 'character',
  'check', 'coalesce', 'collate', 'collation', 'column', 'concurrently', 'constraint', 'create',
  'cross', 'current_catalog', 'current_date', 'current_role', 'current_schema', 'current_time',
  'current_timestamp', 'current_user', 'dec', 'decimal', 'default', 'deferrable', 'desc',
  'distinct', 'do', 'else', 'end', 'except', 'exists', 'extract', 'false', 'fetch', 'float', 'for',
  'foreign', 'freeze', 'from', 'full', 'grant', 'greatest', 'group', 'grouping', 'having', 'ilike',
  'in', 'initially', 'inner', 'inout', 'int', 'integer', 'intersect', 'interval', 'into', 'is',
  'isnull', 'join', 'json', 'json_array', 'json_arrayagg', 'json_exists', 'json_object',
  'json_objectagg', 'json_query', 'json_scalar', 'json_serialize', 'json_table', 'json_value',
  'lateral', 'leading', 'least', 'left', 'like', 'limit', 'localtime', 'localtimestamp',
  'merge_action', 'national', 'natural', 'nchar', 'none', 'normalize', 'not', 'notnull', 'null',
  'nullif', 'numeric', 'offset', 'on', 'only', 'or', 'order', 'out', 'outer', 'overlaps',
  'overlay', 'placing', 'position', 'precision', 'primary', 'real', 'references', 'returning',
  'right', 'row', 'select', 'session_user', 'setof', 'similar', 'smallint', 'some', 'substring',
  'symmetric', 'system_user', 'table', 'tablesample', 'then', 'time', 'timestamp', 'to',
  'trailing', 'treat', 'trim', 'true', 'union', 'unique', 'user', 'using', 'values', 'varchar',
  'variadic', 'verbose', 'when', 'where', 'window', 'with', 'xmlattributes', 'xmlconcat',
  'xmlelement', 'xmlexists', 'xmlforest', 'xmlnamespaces', 'xmlparse', 'xmlpi', 'xmlroot',
  'xmlserialize', 'xmltable',
])

/**
 * Words the canonical printer writes in upper case, the way `pg_get_expr`
 * prints them. Case is cosmetic (unquoted words fold to lower case), but
 * matching PostgreSQL keeps normalized text familiar in diffs.
 */
export const UPPERCASE_KEYWORDS: ReadonlySet<string> = new Set([
  'and', 'or', 'not', 'is', 'null', 'in', 'any', 'all', 'some', 'like', 'ilike', 'similar', 'to',
  'between', 'symmetric', 'case', 'when', 'then', 'else', 'end', 'array', 'distinct', 'from',
  'current_timestamp', 'current_date', 'current_time', 'localtime', 'localtimestamp',
  'current_user', 'current_role', 'session_user', 'current_catalog', 'current_schema', 'system_user',
  'collate', 'escape', 'coalesce', 'nullif', 'greatest', 'least', 'exists', 'row', 'cast', 'as',
  'unknown', 'overlaps',
])

/** Keywords written like functions: no space before their `(`. */
export const FUNCTION_LIKE_KEYWORDS: ReadonlySet<string> = new Set([
  'coalesce', 'nullif', 'greatest', 'least', 'row', 'cast', 'current_timestamp',
  'current_time', 'localtime', 'localtimestamp',
])

/** Words after which a `+`/`-` is a sign, not a binary operator. */
export const OPERATOR_KEYWORDS: ReadonlySet<string> = new Set([
  'and', 'or', 'not', 'is', 'in', 'any', 'all', 'some', 'like', 'ilike', 'between', 'case', 'when',
  'then', 'else', 'array', 'distinct', 'from', 'as', 'escape', 'to', 'symmetric',
])

/** Built-in functions that return text: `lower(x) || 'y'` concatenates text. */
export const TEXT_FUNCTIONS: ReadonlySet<string> = new Set([
  'lower', 'upper', 'initcap', 'btrim', 'ltrim', 'rtrim', 'concat', 'concat_ws', 'substr', 'replace', 'left', 'right',
  'lpad', 'rpad', 'md5', 'reverse', 'repeat', 'translate', 'format', 'to_char',
])
