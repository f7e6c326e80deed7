"""Required documents RPCs (to come: types, requirements, uploads, review)."""


class DocumentRpc:
    pass
