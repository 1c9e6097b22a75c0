import { openPglite } from "./support/databases";
import { describeSessionServiceContract } from "./support/session-service.contract";

describeSessionServiceContract("pglite (in memory)", openPglite);
