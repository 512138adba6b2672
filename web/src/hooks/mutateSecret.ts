interface SecretMutation<V, R> {
  mutate: (variables: V, options: { onSuccess: (result: R) => void }) => void;
  reset: () => void;
}

/**
 * Sends a mutation whose variables hold a secret, and forgets them as soon as
 * it succeeds: TanStack Query keeps the last variables until the mutation is reset.
 */
export function mutateSecret<V, R>(mutation: SecretMutation<V, R>, variables: V, onSuccess: (result: R) => void): void {
  mutation.mutate(variables, {
    onSuccess: (result) => {
      mutation.reset();
      onSuccess(result);
    },
  });
}
