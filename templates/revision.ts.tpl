{{imports}}

export const revision = {{revision}}
export const downRevision: string | string[] | null = {{downRevision}}
export const branchLabels: string[] = {{branchLabels}}
export const dependsOn: string[] = {{dependsOn}}
export const message = {{message}}
export const createdAt = {{createdAt}}

export async function upgrade(op: Operations): Promise<void> {
{{upgrade}}
}

export async function downgrade(op: Operations): Promise<void> {
{{downgrade}}
}
