"""The billing service: régies and tariffs, consumptions, invoicing, payments, wallets, the family's
account and tax attestations — each area in its own package; this class only puts them together."""
from services.billing.account.rpc import AccountRpc
from services.billing.attestations.rpc import AttestationRpc
from services.billing.consumptions.handlers import ConsumptionHandlers
from services.billing.invoicing.rpc import InvoicingRpc
from services.billing.payments.rpc import PaymentRpc
from services.billing.readmodels.handlers import ReadModelHandlers
from services.billing.tariffs.rpc import TariffRpc
from services.billing.wallets.rpc import WalletRpc
from services.chassis.dependencies import ServiceBase


class BillingService(ReadModelHandlers, ConsumptionHandlers, TariffRpc, InvoicingRpc, PaymentRpc, WalletRpc,
                     AccountRpc, AttestationRpc, ServiceBase):
    name = "billing"
