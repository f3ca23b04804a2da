// A real behaviour task from the UCI "Online Retail" file (../shared/data/online-retail.csv.gz): will a customer
// buy again within `horizonDays` days of their first baskets, from the items in those baskets?
//
// Derivation, per customer (CustomerID set; cancellations — InvoiceNo starting with C — and rows with
// quantity ≤ 0 left out):
// 1. their invoices in time order (an invoice's time is its InvoiceDate; ties by invoice number);
// 2. the example is the stock codes of the first `firstInvoices` invoices, in time order, repeats kept (file
//    order within an invoice); customers with fewer invoices are left out;
// 3. label `yes` when another invoice starts within (t, t + horizonDays] where t is the time of the last of
//    those invoices, else `no`;
// 4. with `gapTokens` (default on when firstInvoices > 1), a token `gap:<bucket>` between two invoices says
//    how long the customer waited (`gap:<1d`, `gap:1-7d`, `gap:7-30d`, `gap:30-90d`, `gap:>90d`): the one
//    piece of timing a sequence of items cannot carry, and the strongest single signal of this task;
// 5. customers whose window runs past the end of the data (t + horizon > the last InvoiceDate in the file)
//    are left out (censored: we cannot know their label).
// The result is written as a CSV importable with `--map session=customer,item=item,timestamp=time,label=label`.
import { writeFileSync } from 'node:fs';
import { createRng } from '../random';
import { forEachRetailRow } from './retailFile';

export interface RepurchaseOptions {
  /** How many first invoices make the example (default 1). */
  firstInvoices?: number;
  /** The repurchase window in days (default 30). */
  horizonDays?: number;
  /** Keep a seeded random sample of at most this many customers (default: all). */
  maxCustomers?: number;
  seed?: number;
  /** Put a `gap:<bucket>` token between invoices (default: when firstInvoices > 1). */
  gapTokens?: boolean;
}

const GAP_BUCKETS: readonly [number, string][] = [
  [1, '<1d'],
  [7, '1-7d'],
  [30, '7-30d'],
  [90, '30-90d'],
  [Infinity, '>90d'],
];
/** The token for the wait between two invoices. */
export function gapToken(seconds: number): string {
  const days = seconds / DAY;
  return `gap:${GAP_BUCKETS.find(([limit]) => days < limit)![1]}`;
}

export interface RepurchaseExample {
  customer: string;
  /** Stock codes of the first invoices, in time order (with `gap:` tokens between invoices when asked). */
  items: string[];
  /** Epoch seconds of each item's invoice. */
  times: number[];
  label: 'yes' | 'no';
}

export interface RepurchaseTask {
  examples: RepurchaseExample[];
  stats: {
    /** Data rows read, and those kept (customer set, not a cancellation, quantity > 0). */
    rows: number;
    kept: number;
    customers: number;
    /** Left out: fewer invoices than `firstInvoices`, or a window past the end of the data. */
    tooFewInvoices: number;
    censored: number;
    positives: number;
  };
}

interface Invoice {
  no: string;
  time: number;
  items: string[];
}

const DAY = 86_400;
const COLUMNS = ['InvoiceNo', 'StockCode', 'Quantity', 'InvoiceDate', 'CustomerID'] as const;

/** `2011-12-09 12:50:00` (UTC) → epoch seconds. */
function parseTime(s: string): number {
  return Date.parse(`${s.replace(' ', 'T')}Z`) / 1000;
}

export async function deriveRepurchaseTask(path: string, o: RepurchaseOptions = {}): Promise<RepurchaseTask> {
  const first = o.firstInvoices ?? 1;
  const gaps = o.gapTokens ?? first > 1;
  const horizon = (o.horizonDays ?? 30) * DAY;
  const byCustomer = new Map<string, Map<string, Invoice>>();
  let kept = 0;
  let end = -Infinity;
  const rows = await forEachRetailRow(path, COLUMNS, (f, col) => {
    const time = parseTime(f[col.InvoiceDate] ?? '');
    if (Number.isFinite(time) && time > end) end = time;
    const customer = (f[col.CustomerID] ?? '').trim().replace(/\.0$/, '');
    const no = f[col.InvoiceNo] ?? '';
    if (!customer || no.startsWith('C') || !(Number(f[col.Quantity]) > 0) || !Number.isFinite(time)) return;
    kept++;
    let invoices = byCustomer.get(customer);
    if (!invoices) byCustomer.set(customer, (invoices = new Map()));
    let inv = invoices.get(no);
    if (!inv) invoices.set(no, (inv = { no, time, items: [] }));
    inv.time = Math.min(inv.time, time);
    inv.items.push(f[col.StockCode]!.trim());
  });

  let customers = [...byCustomer.keys()].sort();
  if (o.maxCustomers !== undefined && o.maxCustomers < customers.length) {
    const rng = createRng(o.seed ?? 42);
    for (let i = customers.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [customers[i], customers[j]] = [customers[j]!, customers[i]!];
    }
    customers = customers.slice(0, o.maxCustomers).sort();
  }
  const examples: RepurchaseExample[] = [];
  let tooFew = 0;
  let censored = 0;
  for (const customer of customers) {
    const invoices = [...byCustomer.get(customer)!.values()].sort((a, b) => a.time - b.time || (a.no < b.no ? -1 : 1));
    if (invoices.length < first) {
      tooFew++;
      continue;
    }
    const t = invoices[first - 1]!.time;
    if (t + horizon > end) {
      censored++;
      continue;
    }
    const again = invoices.slice(first).some((inv) => inv.time > t && inv.time <= t + horizon);
    const items: string[] = [];
    const times: number[] = [];
    invoices.slice(0, first).forEach((inv, k) => {
      if (gaps && k > 0) {
        items.push(gapToken(inv.time - invoices[k - 1]!.time));
        times.push(inv.time);
      }
      for (const item of inv.items) {
        items.push(item);
        times.push(inv.time);
      }
    });
    examples.push({ customer, items, times, label: again ? 'yes' : 'no' });
  }
  return {
    examples,
    stats: {
      rows,
      kept,
      customers: examples.length,
      tooFewInvoices: tooFew,
      censored,
      positives: examples.filter((e) => e.label === 'yes').length,
    },
  };
}

const iso = (t: number): string => new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' ');

/**
 * One row per item: `customer,item,time,label`. Import with
 * `ewb import FILE --map session=customer,item=item,timestamp=time,label=label`: one sequence per customer, its
 * items in time order (file order within an invoice), labelled.
 */
export function writeRepurchaseCsv(path: string, examples: readonly RepurchaseExample[]): void {
  const lines = ['customer,item,time,label'];
  const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  for (const e of examples)
    e.items.forEach((item, i) => lines.push(`${quote(e.customer)},${quote(item)},${iso(e.times[i]!)},${e.label}`));
  writeFileSync(path, lines.join('\n') + '\n');
}
