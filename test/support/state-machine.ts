import type { Template } from 'aws-cdk-lib/assertions';

/**
 * Runs a synthesized Step Functions definition in this process, calling the real handlers for its Lambda
 * tasks: the definition the stack deploys and the handlers' idea of their events are checked against each
 * other. Only what our definitions use is understood (Task with Lambda, Map, JSONPath `$`/`$.a.b`,
 * `$$.Execution.Name`, `$$.Map.Item.Value`, ResultSelector, ResultPath); anything else throws, so a change to the
 * definition that this cannot follow fails the test instead of passing it unexamined. Retries are not
 * simulated.
 */

type Json = unknown;
interface State {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, Json>;
  ResultSelector?: Record<string, Json>;
  ItemsPath?: string;
  ItemSelector?: Record<string, Json>;
  ItemProcessor?: Definition;
  ResultPath?: string | null;
  Next?: string;
  End?: boolean;
}
interface Definition {
  StartAt: string;
  States: Record<string, State>;
}

/** A Lambda invocation a task made: the function's logical id, the payload and how it was invoked. */
export interface Invocation {
  logicalId: string;
  payload: Json;
  invocationType: 'RequestResponse' | 'Event';
}

/** The state machine's definition, with CloudFormation references replaced by `getatt:<logicalId>`/`ref:<name>`. */
export function stateMachineDefinition(template: Template): Definition {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  const body = (machines[0] as { Properties: { DefinitionString: Json } }).Properties.DefinitionString;
  return JSON.parse(resolve(body)) as Definition;
}

function resolve(value: Json): string {
  if (typeof value === 'string') return value;
  const object = value as Record<string, Json>;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, Json[]];
    return parts.map(resolve).join(separator);
  }
  if ('Fn::GetAtt' in object) return `getatt:${(object['Fn::GetAtt'] as string[])[0]}`;
  if ('Ref' in object) return `ref:${String(object.Ref)}`;
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

export async function runStateMachine(
  definition: Definition,
  input: Json,
  options: { executionName: string; invoke: (call: Invocation) => Promise<Json> },
): Promise<Json> {
  return runStates(definition, input, { execution: options.executionName }, options.invoke);
}

interface Context {
  execution: string;
  mapItem?: Json;
}

async function runStates(
  definition: Definition,
  input: Json,
  context: Context,
  invoke: (call: Invocation) => Promise<Json>,
): Promise<Json> {
  let name: string | undefined = definition.StartAt;
  let state: Json = input;
  while (name !== undefined) {
    const current: State | undefined = definition.States[name];
    if (!current) throw new Error(`no state ${name}`);
    let result: Json;
    if (current.Type === 'Task') {
      result = await runTask(current, state, context, invoke);
    } else if (current.Type === 'Map') {
      const items = path(current.ItemsPath ?? '$', state, context);
      if (!Array.isArray(items) || !current.ItemProcessor) throw new Error(`Map ${name} has no items`);
      const processor = current.ItemProcessor;
      result = await Promise.all(
        items.map((item) => {
          const itemContext = { ...context, mapItem: item };
          const itemInput = current.ItemSelector ? select(current.ItemSelector, state, itemContext) : item;
          return runStates(processor, itemInput, itemContext, invoke);
        }),
      );
    } else {
      throw new Error(`state type ${current.Type} is not simulated`);
    }
    if (current.ResultSelector) result = select(current.ResultSelector, result, context);
    state = applyResultPath(current.ResultPath, state, result);
    name = current.End ? undefined : current.Next;
  }
  return state;
}

async function runTask(
  task: State,
  input: Json,
  context: Context,
  invoke: (call: Invocation) => Promise<Json>,
): Promise<Json> {
  const resource = task.Resource ?? '';
  const parameters = select(task.Parameters ?? {}, input, context) as Record<string, Json>;
  if (resource.startsWith('getatt:')) {
    // payloadResponseOnly: the function itself is the resource and the parameters are its payload.
    return invoke({
      logicalId: resource.slice('getatt:'.length),
      payload: parameters,
      invocationType: 'RequestResponse',
    });
  }
  if (resource.endsWith(':states:::lambda:invoke')) {
    const fn = String(parameters.FunctionName);
    if (!fn.startsWith('getatt:')) throw new Error(`function ${fn} is not one of the stack's`);
    const invocationType = parameters.InvocationType === 'Event' ? 'Event' : 'RequestResponse';
    const payload = await invoke({
      logicalId: fn.slice('getatt:'.length),
      payload: parameters.Payload,
      invocationType,
    });
    return { Payload: payload, StatusCode: invocationType === 'Event' ? 202 : 200 };
  }
  throw new Error(`task resource ${resource} is not simulated`);
}

function select(template: Json, input: Json, context: Context): Json {
  if (Array.isArray(template)) return template.map((value) => select(value, input, context));
  if (template === null || typeof template !== 'object') return template;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) out[key.slice(0, -2)] = path(String(value), input, context);
    else out[key] = select(value, input, context);
  }
  return out;
}

function path(expression: string, input: Json, context: Context): Json {
  if (expression === '$$.Execution.Name') return context.execution;
  if (expression === '$$.Map.Item.Value') {
    if (context.mapItem === undefined) throw new Error('$$.Map.Item.Value outside a Map');
    return context.mapItem;
  }
  if (expression === '$') return input;
  if (!expression.startsWith('$.')) throw new Error(`JSONPath ${expression} is not simulated`);
  let value: Json = input;
  for (const key of expression.slice(2).split('.')) {
    if (value === null || typeof value !== 'object' || !(key in value)) {
      throw new Error(`JSONPath ${expression} matches nothing in ${JSON.stringify(input).slice(0, 200)}`);
    }
    value = (value as Record<string, Json>)[key];
  }
  return value;
}

function applyResultPath(resultPath: string | null | undefined, input: Json, result: Json): Json {
  if (resultPath === null) return input;
  if (resultPath === undefined || resultPath === '$') return result;
  if (!resultPath.startsWith('$.') || resultPath.slice(2).includes('.')) {
    throw new Error(`ResultPath ${resultPath} is not simulated`);
  }
  return { ...(input as Record<string, Json>), [resultPath.slice(2)]: result };
}
