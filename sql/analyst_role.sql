-- Read-only access for analysts to an ogpcrawl PostgreSQL database.
--
-- The migrations create this role themselves when the migrating user may create roles
-- (revision db8078fef7b2, "read-only analyst role"). Otherwise a DBA runs this file once per
-- database, connected to that database as its owner or a superuser:
--
--     psql -d ogpcrawl -f sql/analyst_role.sql
--
-- It is idempotent. ogp_analyst cannot log in; give each person a login role that inherits it:
--
--     CREATE ROLE alice LOGIN PASSWORD '...' IN ROLE ogp_analyst;
--     -- later: REVOKE ogp_analyst FROM alice;  DROP ROLE alice;
--
-- Analysts can SELECT every table and view (v_latest_snapshot, v_annex1, v_annex2,
-- v_news_monthly, v_changes, v_commitment_share, ...; see docs/queries.md) and nothing else.
-- Running this file is how analyst access is asked for: the migrations grant nothing by
-- themselves. It also hardens this database: PUBLIC loses TEMPORARY here (no temporary tables
-- for analysts; the owner keeps it). Server-wide hardening (CONNECT on the other databases)
-- is in docs/deployment.md, "Hardening the analyst role".

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ogp_analyst') THEN
        CREATE ROLE ogp_analyst NOLOGIN;
    END IF;
    -- The database and schema are named at run time: this file serves any ogpcrawl database.
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO ogp_analyst', current_database());
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO ogp_analyst', current_schema());
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO ogp_analyst', current_schema());
    -- Tables and views that later migrations create are readable too. Default privileges are
    -- per creating role: run this file as the role that runs the migrations (the crawl's user),
    -- or add FOR ROLE <that user> after DEFAULT PRIVILEGES.
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO ogp_analyst',
                   current_schema());
END
$$;
