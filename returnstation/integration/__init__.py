"""The connection to the order system: RMA feeds come in, business events go out.

In: a watched folder (``inbox``) and an optional HTTP pull bring RMAs as CSV or JSON lines; each feed is
applied in one transaction, and the same feed twice changes nothing (``feeds``, ``feed_apply``, ``inbox``,
``pull``). Out: every business event is already in the append-only ``events`` table, written in the same
transaction as the change it records; the ``outbox`` dispatcher maps those rows to a documented public
schema (``public_events``) and delivers them to each configured target (JSON lines file, CSV file,
signed HTTP webhook) exactly once per receiver that honours the ``Idempotency-Key``. ``hooks`` adds the
events the order system acts on: stock movements and the credit/replacement trigger.

The schemas are documented in the README section "Connecting to the order system".
"""
