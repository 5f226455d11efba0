"""The block register: blocks, the append-only audit log, account history and channel subscriptions.

The storage engine hides behind `register.base.Register`; every backend passes the same contract tests.
"""
