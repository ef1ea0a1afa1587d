export { Component, type ComponentOptions } from './component.js';
export {
  COMPONENT_STATES,
  COMPONENT_TRANSITIONS,
  COMPONENT_TRIGGERS,
  ComponentState,
  ComponentStateError,
  type ComponentTransition,
  ComponentTrigger,
  nextComponentState,
  transitionComponentState,
} from './state.js';
