import { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Logger } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { Clock } from '../database/clock';
import { formatGraphQLError, internalErrorLog } from './format-error';
import { GraphQLContext } from './graphql-context';
import { queryLimitsPlugin } from './query-limits.plugin';
import { RequestLoaders } from './request-loaders';

const logger = new Logger('GraphQL');

/** A request rejected before execution because of its own content answers 400, not 500. */
const requestErrorStatusPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, errors }) {
        const code = errors?.[0]?.extensions?.code;
        const body = response.body;
        const executed = body.kind === 'single' && body.singleResult.data !== undefined;
        if (!executed && code !== 'INTERNAL_SERVER_ERROR' && response.http.status === 500)
          response.http.status = 400;
      },
    };
  },
};

/**
 * No GraphQL answer may be kept by a cache on the way: they are the caller's organisation's data. The schema
 * declares no cache hints, so Apollo's cache-control plugin (a hook on every resolved field) is turned off
 * and this header is what it would have computed for every answer.
 */
const noStorePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/** Apollo 5, code-first, schema held in memory; the committed schema.gql is checked by a test. */
export function graphQLModule(): DynamicModule {
  return GraphQLModule.forRootAsync<ApolloDriverConfig>({
    driver: ApolloDriver,
    inject: [AppConfig, Clock],
    useFactory: (config: AppConfig, clock: Clock) => {
      return {
        autoSchemaFile: true,
        sortSchema: true,
        path: '/graphql',
        playground: false,
        // Production serves neither the schema nor "Did you mean ...?" hints unless GRAPHQL_INTROSPECTION=true.
        introspection: config.introspection,
        hideSchemaDetailsFromClientErrors: !config.introspection,
        parseOptions: { maxTokens: config.GRAPHQL_MAX_TOKENS },
        includeStacktraceInErrorResponses: false,
        buildSchemaOptions: { dateScalarMode: 'isoDate', numberScalarMode: 'float' },
        context: ({ req, res }: { req: Request; res: Response }): GraphQLContext => ({
          req,
          res,
          loaders: new RequestLoaders(),
        }),
        formatError: (formatted, error) =>
          formatGraphQLError(formatted, error, (err) => logger.error(internalErrorLog(err)), {
            production: config.NODE_ENV === 'production',
          }),
        plugins: [
          ApolloServerPluginCacheControlDisabled(),
          noStorePlugin,
          requestErrorStatusPlugin,
          queryLimitsPlugin(
            {
              maxDepth: config.GRAPHQL_MAX_DEPTH,
              maxComplexity: config.GRAPHQL_MAX_COMPLEXITY,
              maxExecutionMs: config.GRAPHQL_MAX_EXECUTION_MS,
              maxResponseBytes: config.GRAPHQL_MAX_RESPONSE_BYTES,
            },
            () => clock.now().getTime(),
          ),
        ],
      };
    },
  });
}
