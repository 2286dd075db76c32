"""Messages sent off the screen: e-mail, SMS through a GSM modem, MQTT, webhooks.

The outbound counterpart of ``drivers``: each sender speaks one protocol to a service the
site runs itself, knows nothing of alarms, accounts or Qt, and turns every failure into a
:class:`senders.base.SendError` that says what failed and where.
"""
