export { MessageBusError, MessageBusErrorCode } from './errors.js';
export { MAX_CACHED_TOPICS, MessageBus, type MessageBusOptions } from './message-bus.js';
export { hasWildcard, isMatchingTopic } from './topic-matcher.js';
export type {
  EndpointHandler,
  ExternalStreamFilter,
  MessageBusExternalPublisher,
  MessageHandler,
  RequestOptions,
  SubscribeOptions,
  SubscriptionInfo,
  Unsubscribe,
} from './types.js';
