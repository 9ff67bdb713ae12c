export async function run(_argv: string[]): Promise<number> {
  console.error('coupon-contracts mock: not implemented yet');
  return 2;
}
