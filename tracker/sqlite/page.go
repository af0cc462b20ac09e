package sqlite

import "context"

// findPage reads one page of a list: the count of rows matching from (a FROM … WHERE clause), then
// those rows from offset, at most limit of them (0: all), in the order given, each read by scan.
func findPage[T any](ctx context.Context, db *DB, columns, from, order string, args []any, offset, limit int,
	scan func(scanner) (T, error)) ([]T, int, error) {
	var total int
	if err := db.rdb.QueryRowContext(ctx, `SELECT COUNT(*) `+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if limit <= 0 {
		limit = -1
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+columns+from+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, limit, max(offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	return out, total, rows.Err()
}
