import { describeConversationSummaryContract } from "./support/conversation-summary.contract";
import { openPostgres } from "./support/databases";

describeConversationSummaryContract("postgres", openPostgres);
