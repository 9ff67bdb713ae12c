// In a module of their own, loading nothing: `coupon-contracts mock --help` prints them without
// loading the server (and Prism with it). A plugin's own defaults stay in the plugin
// (Elastic Path's job duration: src/vendors/elasticpath/settings.ts).
export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';
