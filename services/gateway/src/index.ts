export { loadGatewayConfig, shutdownDeadlineMs, type GatewayConfig } from "./config";
export { startGateway } from "./start-gateway";
export { createApp, type AppOptions } from "./transport/http/http-app";
export { createServiceClients, type ServiceClients } from "./clients/service-clients";
export { createGateway, type Gateway, type GatewayOptions } from "./create-gateway";
