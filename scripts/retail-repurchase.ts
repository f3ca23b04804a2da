// Writes the online-retail repurchase task as an importable CSV (src/core/tasks/retailRepurchase.ts has the rules).
// Run: npx tsx scripts/retail-repurchase.ts [IN.csv.gz] [OUT.csv] [--first N] [--days D] [--customers N] [--no-gaps]
// then: npx ewb import OUT.csv --db DB --map session=customer,item=item,timestamp=time,label=label --min-count item=5
import { parseArgs } from 'node:util';
import { deriveRepurchaseTask, writeRepurchaseCsv } from '../src/core/tasks/retailRepurchase';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    first: { type: 'string' },
    days: { type: 'string' },
    customers: { type: 'string' },
    seed: { type: 'string' },
    'no-gaps': { type: 'boolean' },
  },
});
const input = positionals[0] ?? '../shared/data/online-retail.csv.gz';
const output = positionals[1] ?? 'retail-repurchase.csv';
const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
const task = await deriveRepurchaseTask(input, {
  firstInvoices: num(values.first) ?? 2,
  horizonDays: num(values.days),
  maxCustomers: num(values.customers),
  seed: num(values.seed),
  gapTokens: values['no-gaps'] ? false : undefined,
});
writeRepurchaseCsv(output, task.examples);
const s = task.stats;
console.log(
  `${output}: ${s.customers} customers (${s.positives} bought again, ${((100 * s.positives) / s.customers).toFixed(1)}%); ` +
    `left out: ${s.tooFewInvoices} with too few invoices, ${s.censored} whose window passes the end of the data`,
);
