"""Reading the platform's figures as Prometheus reads them (the text format of /metrics)."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from convenience_center.services import metrics


def figure(sample: str, **labels: str) -> float | None:
    """The value of one sample of this process (its ``pid`` label left aside), or None."""
    return figure_in(metrics.exposition().decode(), sample, **labels)


def figure_in(text: str, sample: str, **labels: str) -> float | None:
    """The value of one sample in a text exposition (its ``pid`` label left aside), or None."""
    for family in text_string_to_metric_families(text):
        for each in family.samples:
            if each.name == sample and {k: v for k, v in each.labels.items()
                                        if k != "pid"} == labels:
                return each.value
    return None
