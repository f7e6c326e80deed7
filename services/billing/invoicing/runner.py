"""Runs invoicing in the background so the RPC that starts a run answers at once.

`InvoicingRunner` is a nameko dependency: `self.invoicing_runner.launch(run_id, self.db, self.clock)`
processes the run in a green thread managed by the service container. Stopping the container kills
the thread: the run then stays `running`, and `resume_invoicing_run` goes on with it."""
from __future__ import annotations

import logging

from nameko.extensions import DependencyProvider

from services.billing.invoicing import runs
from services.chassis.dependencies import ServiceDatabase

log = logging.getLogger(__name__)


class InvoicingRunner(DependencyProvider):
    def get_dependency(self, worker_ctx):
        return self

    def launch(self, run_id, db: ServiceDatabase, clock) -> None:
        # A database handle of its own: the worker's may be reused by the next request.
        own_db = ServiceDatabase(db.pool, db.service, db.wake_relay)
        self.container.spawn_managed_thread(lambda: self._process(own_db, clock, str(run_id)),
                                            identifier=f"invoicing_run:{run_id}")

    @staticmethod
    def _process(db, clock, run_id: str) -> None:
        try:
            runs.process(db, clock, run_id)
        except runs.RunBusy:
            log.info("invoicing run %s is being processed elsewhere", run_id)
        except Exception:  # noqa: BLE001  (a green thread's exception would only be printed)
            log.exception("invoicing run %s stopped", run_id)
