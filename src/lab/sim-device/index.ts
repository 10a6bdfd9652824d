export { SimDevice, type SimDeviceOptions, type SimLeafValue } from './sim-device.js';
export type { SimRequest } from './rpc-handler.js';
export { SIM_CAPABILITIES } from './capabilities.js';
