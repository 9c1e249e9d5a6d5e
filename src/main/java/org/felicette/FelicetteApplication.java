package org.felicette;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.migrations.DbCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import org.felicette.api.DatalinkResource;
import org.felicette.api.SchemasResource;
import org.felicette.api.UiResource;
import org.felicette.api.VosiResource;
import org.felicette.api.WhoAmIResource;
import org.felicette.api.http.CallerFilter;
import org.felicette.api.http.ErrorMapper;
import org.felicette.api.OpenApiResource;
import org.felicette.api.http.BoundaryFilter;
import org.felicette.api.http.EmptySegmentFilter;
import org.felicette.api.http.NamePathFilter;
import org.felicette.api.http.PublicUrlFilter;
import org.felicette.api.http.RenderCache;
import org.felicette.api.http.RequestIdFilter;
import org.felicette.api.http.ServerErrorHandler;
import org.felicette.api.jobs.LoadJobsResource;
import org.felicette.api.jobs.TableUpdateResource;
import org.felicette.api.tap.AsyncResource;
import org.felicette.api.tap.SyncResource;
import org.felicette.api.loads.LoadResource;
import org.felicette.api.loads.PreviewResource;
import org.felicette.api.loads.UploadsResource;
import org.felicette.api.tables.DistributionResource;
import org.felicette.api.tables.PermissionsResource;
import org.felicette.api.tables.QuotaResource;
import org.felicette.api.tables.TableWriteResource;
import org.felicette.api.tables.TablesResource;
import org.felicette.api.tables.TapSchemaFileResource;
import org.felicette.api.tables.TapSchemaResource;
import org.felicette.catalog.access.AccessControl;
import org.felicette.catalog.CatalogReader;
import org.felicette.catalog.access.Quotas;
import org.felicette.catalog.tables.TableDistributions;
import org.felicette.catalog.tables.TableIndexes;
import org.felicette.catalog.tables.TableIngests;
import org.felicette.catalog.loads.TableLoads;
import org.felicette.catalog.tables.TableValidator;
import org.felicette.catalog.TapSchemaTables;
import org.felicette.catalog.tables.UploadTables;
import org.felicette.catalog.UserChanges;
import org.felicette.catalog.tables.UserSchemas;
import org.felicette.catalog.tables.UserTables;
import org.felicette.catalog.publishing.SchemaPublisher;
import org.felicette.catalog.publishing.StartupSchemas;
import org.felicette.cli.Commands;
import org.felicette.cli.DatalinkCommand;
import org.felicette.cli.PublishCommand;
import org.felicette.cli.ValidateCommand;
import org.felicette.datalink.DatalinkService;
import org.felicette.db.CatalogChanges;
import org.felicette.db.Database;
import org.felicette.db.DatabaseConfig;
import org.felicette.db.DatabaseProbe;
import org.felicette.db.EmbeddedDatabaseHealthCheck;
import org.felicette.db.Migrations;
import org.felicette.db.Notifications;
import org.felicette.db.QueryRole;
import org.felicette.db.QueryRunner;
import org.felicette.db.QuotaLedger;
import org.felicette.db.ResultStore;
import org.felicette.db.TapSchemaRows;
import org.felicette.jobs.AsyncLoads;
import org.felicette.jobs.InstanceName;
import org.felicette.jobs.JobEvents;
import org.felicette.jobs.Jobs;
import org.felicette.jobs.TableUpdates;
import org.felicette.jobs.Worker;
import org.felicette.query.AdqlTranslator;
import org.felicette.query.QueryJobs;
import org.felicette.query.TapQueries;
import org.felicette.uploads.Uploads;
import org.felicette.vosi.CapabilitiesWriter;
import org.felicette.vosi.Capability;
import org.felicette.db.Db;

/** Felicette: the Dropwizard application. Wires the parts by constructor; holds no state. */
public class FelicetteApplication extends Application<FelicetteConfiguration> {

    static {
        // Liquibase would otherwise try to send usage analytics and print a banner on every run.
        System.setProperty("liquibase.analytics.enabled", "false");
        System.setProperty("liquibase.showBanner", "false");
        System.setProperty("liquibase.command.showSummary", "OFF");
        System.setProperty("liquibase.command.showSummaryOutput", "LOG");
    }

    public static void main(String[] args) throws Exception {
        new FelicetteApplication().run(args);
    }

    @Override
    public String getName() {
        return "felicette";
    }

    @Override
    public void initialize(Bootstrap<FelicetteConfiguration> bootstrap) {
        // ${VAR:-default} in config.yml; strict=false so that an unset variable takes its default.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addCommand(new DbCommand<FelicetteConfiguration>("db",
                configuration -> configuration.database().resolve().dataSourceFactory(),
                FelicetteConfiguration.class, Migrations.CHANGELOG) {
            @Override
            public void onError(Cli cli, Namespace namespace, Throwable e) {
                Commands.printFailure(cli, e);
            }
        });
        bootstrap.addCommand(new ValidateCommand());
        bootstrap.addCommand(new PublishCommand());
        bootstrap.addCommand(new DatalinkCommand());
    }

    @Override
    protected void addDefaultCommands(Bootstrap<FelicetteConfiguration> bootstrap) {
        bootstrap.addCommand(new ServerCommand<>(this) {
            @Override
            public void onError(Cli cli, Namespace namespace, Throwable e) {
                Commands.printFailure(cli, e);
            }
        });
        bootstrap.addCommand(new CheckCommand<>(this));
    }

    @Override
    public void run(FelicetteConfiguration config, Environment environment) throws Exception {
        if (config.getServerFactory() instanceof AbstractServerFactory server) {
            // ErrorMapper answers every failure in the one error shape; Dropwizard's would differ.
            server.setRegisterDefaultExceptionMappers(false);
            if (server instanceof io.dropwizard.core.server.DefaultServerFactory servers) {
                // empty path segments reach EmptySegmentFilter; every other ambiguous form is still refused
                servers.getApplicationConnectors().forEach(c -> {
                    if (c instanceof io.dropwizard.jetty.HttpConnectorFactory http) {
                        http.setUriCompliance(EmptySegmentFilter.allowing(http.getUriCompliance()));
                    }
                });
            } else if (server instanceof io.dropwizard.core.server.SimpleServerFactory simple
                    && simple.getConnector() instanceof io.dropwizard.jetty.HttpConnectorFactory http) {
                http.setUriCompliance(EmptySegmentFilter.allowing(http.getUriCompliance()));
            }
            if (server.getRequestLogFactory() instanceof io.dropwizard.request.logging.LogbackAccessRequestLogFactory log
                    && !(log instanceof QuietRequestLogFactory)) {
                server.setRequestLogFactory(new QuietRequestLogFactory(log));
            }
        }
        // and what Jetty refuses before Jersey sees it (ambiguous paths, bad requests), likewise
        environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(new ServerErrorHandler()));
        DatabaseConfig.ResolvedDatabase database = config.database().resolve();
        database.embedded().ifPresent(embedded -> {
            embedded.stopWithTheApplication(); // managed first, so stopped last
            // the library's own JVM hook would stop it at once on SIGTERM: the stop is taken over
            environment.lifecycle().addServerLifecycleListener(OrderedStop::install);
            environment.lifecycle().manage(new Managed() {
                @Override
                public void stop() {
                    embedded.close();
                }
            });
            environment.healthChecks().register("embedded-postgresql", new EmbeddedDatabaseHealthCheck(embedded));
        });
        DataSourceFactory dataSource = database.dataSourceFactory();
        Database.checkReachable(dataSource);
        Database.prepare(dataSource, environment.metrics(), config.database().migrateOnStartup(),
                config.database().allowNewerSchema());
        Db db = Db.managed(environment, dataSource, "postgresql");
        // API JSON is snake_case, like the error shape; the configuration was already read.
        environment.getObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

        Notifications notifications = new Notifications(dataSource.getUrl(), dataSource.getUser(), dataSource.getPassword());
        CatalogChanges changes = new CatalogChanges(notifications);
        SchemaPublisher publisher = new SchemaPublisher(db, changes::touch);
        if (config.felis().publishOnStartup()) {
            StartupSchemas.publish(config.felis(), publisher);
        }

        List<Capability> capabilities = new ArrayList<>();
        capabilities.add(new Capability("ivo://ivoa.net/std/VOSI#capabilities", "capabilities", false));
        capabilities.add(new Capability("ivo://ivoa.net/std/VOSI#availability", "availability", false));
        capabilities.add(new Capability("ivo://ivoa.net/std/VOSI#tables-1.1", "tables", true));
        capabilities.add(new Capability("ivo://ivoa.net/std/VOSI#table-permissions-1.x", "permissions", true));
        capabilities.add(new Capability("ivo://ivoa.net/std/VOSI#table-load-sync-1.x", "load", true));
        capabilities.add(new Capability("ivo://ivoa.net/std/VOSI#table-update-async-1.x", "table-update", true));
        // the TAP service at this root: this service ingests its UPLOAD tables (POST /uploads)
        capabilities.add(new Capability(Capability.DALI_EXAMPLES, "examples", false));
        // queries run as a role that reads only what is served, made here where the service may
        String queryRole = QueryRole.prepare(db, config.query().role());
        config.userTables().readableBy(queryRole);
        QueryRunner queryRunner = new QueryRunner(db, queryRole);
        AdqlTranslator translator = new AdqlTranslator(queryRunner.hasPgSphere());
        capabilities.add(new Capability("ivo://ivoa.net/std/TAP", "", true, new Capability.TableAccess(List.of(
                "ivo://ivoa.net/std/TAPRegExt#upload-inline", "ivo://ivoa.net/std/TAPRegExt#upload-http",
                "ivo://ivoa.net/std/TAPRegExt#upload-https"), config.uploads().maxBytesPerTable(),
                config.query().defaultMaxRec(), config.query().maxRec(), config.query().executionSeconds(),
                translator.geometry(), config.jobs().destruction().toSeconds())));
        // bearer tokens; behind a gateway (Gafaelfawr, oauth2-proxy) also its session cookie
        List<String> securityMethods = config.auth().mode() == org.felicette.auth.AuthConfig.Mode.gateway
                ? List.of(CapabilitiesWriter.TOKEN, CapabilitiesWriter.COOKIE) : List.of(CapabilitiesWriter.TOKEN);

        var jersey = environment.jersey();
        jersey.register(new RequestIdFilter());
        jersey.register(new PublicUrlFilter(config.publicUrl().base(), config.publicUrl().allowedHosts()));
        // Locations are written as resources and PublicUrlFilter make them: absolute from a trusted base, or relative
        jersey.property(org.glassfish.jersey.server.ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED,
                true);
        jersey.register(new CallerFilter(config.auth().authenticator()));
        jersey.register(new CallerFilter.Binder());
        jersey.register(new NamePathFilter());
        // a path with empty segments (//tables, as taplint and cadc-tap send) served as its single-slash form
        environment.servlets().addFilter("empty-segments", new EmptySegmentFilter()).addMappingForUrlPatterns(
                java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST), false, "/*");
        environment.getApplicationContext().getServletHandler().setDecodeAmbiguousURIs(true);
        // a bare multipart boundary that holds '=' (astroquery's TapPlus), quoted before JAX-RS reads it
        environment.servlets().addFilter("multipart-boundary", new BoundaryFilter()).addMappingForUrlPatterns(
                java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST), true, "/*");
        jersey.register(ErrorMapper.class);
        jersey.register(new WhoAmIResource());
        // generated from the resources registered, at its first request (when all of them are)
        jersey.register(OpenApiResource.of(() -> {
            java.util.Set<Class<?>> resources = new java.util.LinkedHashSet<>();
            environment.jersey().getResourceConfig().getInstances().forEach(r -> resources.add(r.getClass()));
            resources.addAll(environment.jersey().getResourceConfig().getClasses());
            return resources;
        }, FelicetteApplication.class.getPackage().getImplementationVersion()));
        jersey.register(new SchemasResource(publisher, config.felis()));
        environment.lifecycle().manage(new Managed() {
            @Override
            public void start() {
                notifications.start();
            }

            @Override
            public void stop() {
                notifications.close();
            }
        });
        CatalogReader catalog = new CatalogReader(db, changes::version);
        RenderCache rendered = new RenderCache(config.vosi().cacheBytes(), config.vosi().cacheEntryBytes());
        jersey.register(new TablesResource(catalog, new TableValidator(db), rendered, config.vosi().maxTablesForDetail(),
                environment.getObjectMapper()));
        TapSchemaTables tapSchemaTables = new TapSchemaTables(new TapSchemaRows(db));
        jersey.register(new TapSchemaResource(tapSchemaTables, environment.getObjectMapper()));
        jersey.register(new TapSchemaFileResource(tapSchemaTables, config.jobs().spoolDirectory()));
        QuotaLedger ledger = new QuotaLedger(Db.managed(environment, database.ledgerDataSourceFactory(), "postgresql-quota"));
        // users' tables and schemas: services sharing one way of recording changes (transactions,
        // per-name locks, the audit, and telling this instance's readers at once)
        UserChanges userChanges = new UserChanges(db, ledger, changes::touch, config.auth().groupUris());
        UserSchemas userSchemas = new UserSchemas(userChanges);
        Quotas quotas = new Quotas(userChanges, config.userTables());
        TableLoads loads = new TableLoads(userChanges, config.userTables(), quotas);
        AccessControl access = new AccessControl(userChanges);
        UserTables userTables = new UserTables(userChanges, userSchemas, quotas, config.userTables(), loads);
        jersey.register(new TableWriteResource(userTables,
                userSchemas, access, loads, environment.getObjectMapper()));
        jersey.register(new PermissionsResource(access, environment.getObjectMapper()));
        jersey.register(new DistributionResource(new TableDistributions(userChanges), environment.getObjectMapper()));
        jersey.register(new QuotaResource(quotas));
        JobEvents jobEvents = new JobEvents(notifications);
        String instance = InstanceName.ofThisProcess();
        environment.getApplicationContext().setAttribute("felicette.instance", instance);
        Jobs jobs = new Jobs(db, config.jobs(), jobEvents, instance);
        TableUpdates tableUpdates = new TableUpdates(new TableIndexes(userChanges), new TableIngests(userChanges), db);
        AsyncLoads asyncLoads = new AsyncLoads(loads, jobs, db);
        // ADQL queries over each caller's own view: /sync, and /async as a job family
        TapQueries queries = new TapQueries(catalog, queryRunner, translator, config.query());
        ResultStore results = new ResultStore(db);
        Uploads uploads = new Uploads(new UploadTables(userChanges, config.userTables()), config.uploads(),
                config.jobs().spoolDirectory());
        QueryJobs queryJobs = new QueryJobs(queries, results, uploads.tables(), userTables);
        Worker worker = new Worker(db, config.jobs(), jobEvents, instance, List.of(tableUpdates, asyncLoads,
                queryJobs));
        worker.alsoSweep(asyncLoads::sweep);
        worker.alsoSweep(uploads::sweep);
        worker.alsoSweep(ledger::sweep);
        jersey.register(new UploadsResource(uploads));
        jersey.register(new PreviewResource());
        jersey.register(new UiResource());
        environment.lifecycle().manage(new Managed() {
            @Override
            public void start() {
                worker.start();
                jobs.startOn(worker); // a job told to run here starts here when a worker is free
            }

            @Override
            public void stop() {
                worker.close();
            }
        });
        jersey.register(new LoadResource(loads, asyncLoads));
        jersey.register(new TableUpdateResource(jobs, tableUpdates));
        jersey.register(new LoadJobsResource(jobs));
        DatalinkService datalink = new DatalinkService(db, catalog);
        if (config.felis().publishOnStartup()) {
            datalink.loadDirectory(config.felis().directory().resolve("datalink"));
        }
        jersey.register(new DatalinkResource(datalink));
        jersey.register(new SyncResource(queries, uploads));
        jersey.register(new AsyncResource(jobs, results, uploads));
        jersey.register(new VosiResource(new DatabaseProbe(db)::isUp, new CapabilitiesWriter(capabilities, securityMethods), Instant.now()));
    }
}
