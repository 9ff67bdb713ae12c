export async function run(_argv: string[]): Promise<number> {
  console.error('coupon-contracts generate: not implemented yet');
  return 2;
}
