package io.certfleet.renewal.application;

import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wakes the worker right after a commit made a renewal runnable, instead of leaving it to the next poll. Only a
 * shortcut: the poll finds the renewal anyway.
 */
@Singleton
public class RenewalWakeUp {
    private final TransactionOperations<Connection> transactions;
    private final AtomicReference<Runnable> listener = new AtomicReference<>(() -> {});

    RenewalWakeUp(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    void listen(Runnable wakeUp) {
        listener.set(wakeUp);
    }

    /** Wakes the worker once the current transaction commits (at once outside a transaction). */
    public void afterCommit() {
        var status = transactions.findTransactionStatus().filter(s -> !s.isCompleted());
        if (status.isEmpty()) {
            listener.get().run();
            return;
        }
        status.get().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                listener.get().run();
            }
        });
    }
}
