export { IN_PROCESS, loadGatewayConfig, shutdownDeadlineMs, type GatewayConfig } from "./config";
export { buildGateway, startGateway, type Gateway, type GatewayDeps, type StartGatewayOptions } from "./start-gateway";
export { createServiceClients, type ServiceClients } from "./clients/service-clients";
export { createAccessControl } from "./storage/access-stores";
export type { AccessControl } from "./domain/access/access-control";
