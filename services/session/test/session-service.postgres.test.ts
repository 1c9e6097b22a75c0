import { openPostgres } from "./support/databases";
import { describeSessionServiceContract } from "./support/session-service.contract";

describeSessionServiceContract("postgres", openPostgres);
