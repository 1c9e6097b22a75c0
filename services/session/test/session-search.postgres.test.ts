import { openPostgres } from "./support/databases";
import { describeSessionSearchContract } from "./support/session-search.contract";

describeSessionSearchContract("postgres", openPostgres);
