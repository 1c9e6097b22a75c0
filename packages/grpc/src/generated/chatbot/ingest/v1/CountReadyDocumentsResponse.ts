// Original file: proto/chatbot/ingest/v1/ingest.proto

import type { Long } from '@grpc/proto-loader';

export interface CountReadyDocumentsResponse {
  'ready'?: (number | string | Long);
}

export interface CountReadyDocumentsResponse__Output {
  'ready': (number);
}
