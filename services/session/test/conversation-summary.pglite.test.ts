import { describeConversationSummaryContract } from "./support/conversation-summary.contract";
import { openPglite } from "./support/databases";

describeConversationSummaryContract("pglite (in memory)", openPglite);
