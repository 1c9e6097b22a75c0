/**
 * The checks of the Pod Security Standards' "restricted" profile (and, beyond it, a read-only root
 * filesystem) that a pod template of this deployment can break, as readable violations.
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type: string };
}
interface PodSpec {
  securityContext?: SecurityContext;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  containers: { name: string; securityContext?: SecurityContext; volumeMounts?: { name: string; mountPath: string }[] }[];
  initContainers?: PodSpec["containers"];
  volumes?: ({ name: string } & Record<string, unknown>)[];
}

/** Volume sources the restricted profile allows. */
const ALLOWED_VOLUMES = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"]);

export function restrictedViolations(pod: PodSpec): string[] {
  const violations: string[] = [];
  const podContext = pod.securityContext ?? {};
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) violations.push("pod: shares a host namespace");
  for (const volume of pod.volumes ?? []) {
    const source = Object.keys(volume).find((key) => key !== "name");
    if (!source || !ALLOWED_VOLUMES.has(source)) violations.push(`volume ${volume.name}: ${source} is not allowed`);
  }
  if (podContext.runAsUser === 0) violations.push("pod: runAsUser 0");
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
    const own = container.securityContext ?? {};
    const at = `container ${container.name}`;
    const runAsNonRoot = own.runAsNonRoot ?? podContext.runAsNonRoot;
    const runAsUser = own.runAsUser ?? podContext.runAsUser;
    const runAsGroup = own.runAsGroup ?? podContext.runAsGroup;
    const seccomp = own.seccompProfile?.type ?? podContext.seccompProfile?.type;
    if (runAsNonRoot !== true) violations.push(`${at}: runAsNonRoot is not true`);
    if (typeof runAsUser !== "number" || runAsUser === 0) violations.push(`${at}: no numeric non-root runAsUser`);
    if (typeof runAsGroup !== "number" || runAsGroup === 0) violations.push(`${at}: no numeric non-root runAsGroup`);
    if (own.privileged) violations.push(`${at}: privileged`);
    if (own.allowPrivilegeEscalation !== false) violations.push(`${at}: allowPrivilegeEscalation is not false`);
    if (!(own.capabilities?.drop ?? []).includes("ALL")) violations.push(`${at}: capabilities do not drop ALL`);
    if ((own.capabilities?.add ?? []).some((capability) => capability !== "NET_BIND_SERVICE")) violations.push(`${at}: adds capabilities`);
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") violations.push(`${at}: seccompProfile is not RuntimeDefault or Localhost`);
    if (own.readOnlyRootFilesystem !== true) violations.push(`${at}: root filesystem is writable`);
    for (const mount of container.volumeMounts ?? []) {
      if (!(pod.volumes ?? []).some((volume) => volume.name === mount.name)) violations.push(`${at}: mounts undeclared volume ${mount.name}`);
    }
  }
  return violations;
}
