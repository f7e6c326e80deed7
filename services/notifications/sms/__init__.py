"""SMS: the `sms` channel plugin, its provider plugins, and the queue of texts to families."""
