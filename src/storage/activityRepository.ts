import { ActivitySchema, type Activity } from '../domain/activity';
import type { Database, DocumentCollection } from './database';

export class ActivityRepository {
  private readonly docs: DocumentCollection<Activity>;

  constructor(db: Database) {
    this.docs = db.collection<Activity>('activities');
  }

  async ensureIndexes(): Promise<void> {
    await this.docs.createIndex({ organisationId: 1, activityId: 1 }, { unique: true, name: 'activity_key' });
  }

  /** Replaces the stored activity; returns what happened so an import can report it. */
  async upsert(activity: Activity): Promise<'created' | 'updated' | 'unchanged'> {
    const existing = await this.docs.findOne({ organisationId: activity.organisationId, activityId: activity.activityId });
    if (existing && existing.contentHash === activity.contentHash) return 'unchanged';
    await this.docs.replaceOne({ organisationId: activity.organisationId, activityId: activity.activityId }, ActivitySchema.parse(activity), { upsert: true });
    return existing ? 'updated' : 'created';
  }

  async get(organisationId: string, activityId: string): Promise<Activity | undefined> {
    const doc = await this.docs.findOne({ organisationId, activityId });
    return doc ? ActivitySchema.parse(doc) : undefined;
  }

  async list(organisationId: string): Promise<Activity[]> {
    return (await this.docs.find({ organisationId }, { sort: { name: 1 } })).map((d) => ActivitySchema.parse(d));
  }
}
