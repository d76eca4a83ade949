/**
 * A page of a whole bank's firehose (no attribute filter, no date window) as a prepared statement: the most
 * requested list, read as the deferred join of pageOfCustomers (the page's ids from the (bank_id, last_ok_date,
 * customer_id) index, then whole rows), optionally seeking from a remembered position (firehose-positions.ts).
 * The text is the one Knex builds for that query, written once per order and seek; the profile of pages of 50
 * put building and compiling it with Knex at ~7 % of the firehose's time, and the text protocol's parsing after.
 */
import type { Knex } from 'knex';
import { preparedRows } from '../../db/prepared';
import type { SeekKey } from './firehose-positions';
import type { CustomerRow } from './customers';

type Direction = 'asc' | 'desc';

function pageSql(direction: Direction, seek: boolean): string {
  const op = direction === 'asc' ? '>' : '<';
  // Descending, NULL dates sort last: they all follow any dated seek key.
  const seekAfter = seek
    ? ` and (\`c\`.\`last_ok_date\` ${op} ? or (\`c\`.\`last_ok_date\` = ? and \`c\`.\`customer_id\` ${op} ?)${direction === 'desc' ? ' or `c`.`last_ok_date` is null' : ''})`
    : '';
  const order = `order by \`c\`.\`last_ok_date\` ${direction}, \`c\`.\`customer_id\` ${direction}`;
  return (
    'select `c`.* from `customers` as `c` inner join (select `c`.`customer_id` from `customers` as `c` ' +
    `where \`c\`.\`bank_id\` = ?${seekAfter} ${order} limit ? offset ?) as \`p\` on \`p\`.\`customer_id\` = \`c\`.\`customer_id\` ${order}`
  );
}

const SQL = {
  asc: { plain: pageSql('asc', false), seek: pageSql('asc', true) },
  desc: { plain: pageSql('desc', false), seek: pageSql('desc', true) },
};

/** Rows of one page in firehose order, strictly after `after` when given. */
export function firehosePageRows(db: Knex, bankId: string, direction: Direction, after: SeekKey | undefined, limit: number, offset: number): Promise<CustomerRow[]> {
  if (!after) return preparedRows<CustomerRow>(db, SQL[direction].plain, [bankId, limit, offset]);
  return preparedRows<CustomerRow>(db, SQL[direction].seek, [bankId, after.lastOkDate, after.lastOkDate, after.customerId, limit, offset]);
}
