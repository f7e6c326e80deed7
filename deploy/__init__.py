"""Running Portail Famille: process list, local runner, demo data, health checks, container entrypoint."""
