import { openPglite } from "./support/databases";
import { describeSessionSearchContract } from "./support/session-search.contract";

describeSessionSearchContract("pglite (in memory)", openPglite);
