// A real table from the UCI "Online Retail" file (../shared/data/online-retail.csv.gz) for the tabular model: one
// row per basket line, with the columns an analyst would use to predict how many of an item a line orders.
//
// Derivation, per data row of the file:
// 1. cancellations (InvoiceNo starting with C) and lines with quantity ≤ 0 are left out (their quantity is a
//    return, not an order);
// 2. columns: Country, StockCode, Hour and Weekday of the InvoiceDate (UTC as written), Customer (CustomerID
//    without its `.0`, empty when unknown), Price (UnitPrice);
// 3. the target Quantity is bucketed: `1`, `2-3`, `4-6`, `7-12`, `13-24`, `>24` (packs of 6, 12 and 24 are how
//    the shop sells: which bucket a line falls in depends on who buys what — a wholesaler, a pack item).
// Written as a CSV importable with
// `--map category=Country,category=StockCode,category=Hour,category=Weekday,category=Customer,numeric=Price,target=Quantity`.
import { writeFileSync } from 'node:fs';
import { forEachRetailRow } from './retailFile';

export interface RetailLine {
  country: string;
  stockCode: string;
  hour: number;
  weekday: string;
  customer: string;
  price: number;
  quantity: string;
}

const BUCKETS: readonly [number, string][] = [
  [1, '1'],
  [3, '2-3'],
  [6, '4-6'],
  [12, '7-12'],
  [24, '13-24'],
  [Infinity, '>24'],
];
export const quantityBucket = (q: number): string => BUCKETS.find(([upTo]) => q <= upTo)![1];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const COLUMNS = ['InvoiceNo', 'StockCode', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'] as const;

export async function deriveRetailLines(path: string): Promise<{ lines: RetailLine[]; rows: number }> {
  const lines: RetailLine[] = [];
  const rows = await forEachRetailRow(path, COLUMNS, (f, col) => {
    const quantity = Number(f[col.Quantity]);
    const when = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):/.exec(f[col.InvoiceDate] ?? '');
    if ((f[col.InvoiceNo] ?? '').startsWith('C') || !(quantity > 0) || !when) return;
    const day = new Date(Date.UTC(Number(when[1]), Number(when[2]) - 1, Number(when[3]))).getUTCDay();
    lines.push({
      country: (f[col.Country] ?? '').trim(),
      stockCode: (f[col.StockCode] ?? '').trim(),
      hour: Number(when[4]),
      weekday: WEEKDAYS[day]!,
      customer: (f[col.CustomerID] ?? '').trim().replace(/\.0$/, ''),
      price: Number(f[col.UnitPrice]),
      quantity: quantityBucket(quantity),
    });
  });
  return { lines, rows };
}

export function writeRetailLinesCsv(path: string, lines: readonly RetailLine[]): void {
  const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const out = ['Country,StockCode,Hour,Weekday,Customer,Price,Quantity'];
  for (const l of lines)
    out.push(`${quote(l.country)},${quote(l.stockCode)},${l.hour},${l.weekday},${l.customer},${l.price},${l.quantity}`);
  writeFileSync(path, out.join('\n') + '\n');
}
